package com.made.allocation.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.made.allocation.adapters.email.SmtpNotifications;
import com.made.allocation.adapters.jooq.Invariants;
import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.DatabaseSettings;
import com.made.allocation.bootstrap.AllocationService;
import com.made.allocation.bootstrap.Settings;
import com.made.allocation.service.testing.Facts;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The mail server is down when stock runs out: the request still answers, the mail follows later. */
class MailOutageIT {

    private final DatabaseSettings database = TestDatabases.freshPostgres();
    private GreenMail smtp;
    private AllocationService service;
    private final ListAppender<ILoggingEvent> mailLog = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // keeps the logging context of the thread that logged it
            super.append(event);
        }
    };
    private final Logger mailLogger = (Logger) LoggerFactory.getLogger(SmtpNotifications.class);

    @BeforeEach
    void listenToTheMailLog() {
        mailLog.start();
        mailLogger.setLevel(Level.INFO);
        mailLogger.setAdditive(false); // kept here, not printed
        mailLogger.addAppender(mailLog);
    }

    @AfterEach
    void stop() {
        mailLogger.detachAppender(mailLog);
        mailLogger.setLevel(null);
        mailLogger.setAdditive(true);
        if (service != null) {
            service.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void theMailArrivesOnceTheServerIsBack() throws Exception {
        int smtpPort = FreePort.find();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        service = AllocationService.start(Settings.with(database, Map.of("HTTP_PORT", "0", "SHUTDOWN_GRACE_MS", "0",
                "SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(smtpPort),
                "OUTBOX_RETRY_BASE_MS", "200", "OUTBOX_POLL_MS", "100")));
        Http http = new Http(service.port());
        http.addBatch("b1", "POPULAR-CURTAINS", 5, null);

        // SMTP is down (never started yet): the caller still gets its answer, and the mail waits in the outbox
        HttpResponse<String> response = http.post("/allocate",
                "{\"orderid\":\"o1\",\"sku\":\"POPULAR-CURTAINS\",\"qty\":10}", "curtains-run-out-1");
        assertThat(response.headers().firstValue("X-Request-Id")).contains("curtains-run-out-1");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("{\"message\":\"Out of stock for sku POPULAR-CURTAINS\"}");
        var sql = DSL.using(database.url(), database.user(), database.password());
        assertThat(sql.fetchValue("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND attempts >= 1"))
                .hasToString("1");

        smtp.start();
        assertThat(smtp.waitForIncomingEmail(15_000, 1)).as("mail delivered after the outage").isTrue();

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("Out of stock for POPULAR-CURTAINS");
        assertThat(mails[0].getAllRecipients()).extracting(Object::toString).containsExactly("stock@made.com");
        // The delivery is marked done right after the mail is handed over.
        Facts.await(Duration.ofSeconds(30), "the delivery marked done",
                () -> "DONE".equals(String.valueOf(sql.fetchValue("SELECT status FROM outbox"))));
        // sent later by the dispatcher, on its own thread, and still logged as the request that ran out
        assertThat(sql.fetchValue("SELECT request_id FROM outbox")).hasToString("curtains-run-out-1");
        assertThat(mailLog.list).filteredOn(event -> event.getFormattedMessage().startsWith("Mail sent"))
                .singleElement().satisfies(event ->
                        assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "curtains-run-out-1"));
        Invariants.assertHold(sql);
        sql.close();
    }
}
