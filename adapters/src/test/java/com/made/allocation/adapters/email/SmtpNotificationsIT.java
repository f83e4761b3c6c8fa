package com.made.allocation.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real SMTP against GreenMail. */
class SmtpNotificationsIT {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private SmtpNotifications notifications() {
        return new SmtpNotifications(new SmtpSettings("127.0.0.1", smtp.getSmtp().getPort(), "allocation@made.com"));
    }

    @Test
    void sendsTheMessageAsSubjectAndBody() throws Exception {
        notifications().send("stock@made.com", "Out of stock for POPULAR-CURTAINS");

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Out of stock for POPULAR-CURTAINS");
        assertThat(GreenMailUtil.getBody(received[0])).contains("Out of stock for POPULAR-CURTAINS");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("allocation@made.com");
        assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("stock@made.com");
    }

    @Test
    void lineBreaksInTheMessageAddNoHeader() throws Exception {
        notifications().send("stock@made.com", "Out of stock for X\r\nBcc: thief@example.com\r\nX-Injected: yes");

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getHeader("Bcc")).isNull();
        assertThat(received[0].getHeader("X-Injected")).isNull();
        assertThat(received[0].getRecipients(Message.RecipientType.BCC)).isNull();
        assertThat(Collections.list(received[0].getAllHeaderLines()))
                .noneMatch(line -> line.startsWith("Bcc") || line.startsWith("X-Injected"));
        assertThat(received[0].getSubject()).startsWith("Out of stock for X");
        assertThat(smtp.getReceivedMessagesForDomain("example.com")).isEmpty();
    }

    @Test
    void anUnreachableServerIsAnError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SmtpNotifications nowhere = new SmtpNotifications(new SmtpSettings("127.0.0.1", closedPort, "a@made.com"));

        assertThatThrownBy(() -> nowhere.send("stock@made.com", "Out of stock for X"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not send mail");
    }
}
