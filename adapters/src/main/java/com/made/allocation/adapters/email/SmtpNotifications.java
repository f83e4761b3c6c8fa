package com.made.allocation.adapters.email;

import com.made.allocation.service.handlers.Notifications;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each notification as a plain-text mail over SMTP: the message is both the subject and the body.
 * The subject is reduced to one line, so no text can add a header of its own.
 */
public final class SmtpNotifications implements Notifications {

    private static final Logger log = LoggerFactory.getLogger(SmtpNotifications.class);
    private static final String TIMEOUT_MILLIS = "10000";

    private final Session session;
    private final InternetAddress from;

    public SmtpNotifications(SmtpSettings settings) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", String.valueOf(settings.port()));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        properties.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        this.session = Session.getInstance(properties);
        this.from = address(settings.from());
    }

    @Override
    public void send(String destination, String message) {
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(from);
            mail.setRecipient(Message.RecipientType.TO, address(destination));
            mail.setSubject(OneLine.of(message), StandardCharsets.UTF_8.name());
            mail.setText(message, StandardCharsets.UTF_8.name());
            Transport.send(mail);
            log.info("Mail sent to {}: {}", destination, OneLine.of(message));
        } catch (MessagingException failure) {
            throw new IllegalStateException("could not send mail to " + destination + ": " + failure.getMessage(), failure);
        }
    }

    private static InternetAddress address(String text) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address;
        } catch (MessagingException invalid) {
            throw new IllegalArgumentException("not a mail address: " + OneLine.of(text), invalid);
        }
    }
}
