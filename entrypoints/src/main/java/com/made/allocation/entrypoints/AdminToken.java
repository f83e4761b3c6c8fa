package com.made.allocation.entrypoints;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;

/**
 * The bearer token that opens the operators' routes. With none configured those routes are not served.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, in constant time, so neither
 * the content nor the length of the token leaks through timing.
 */
public final class AdminToken {

    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /** The operators' routes open to {@code token}. @throws IllegalArgumentException when it is blank */
    public static AdminToken of(String token) {
        if (Objects.requireNonNull(token).isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        return new AdminToken(sha256(token));
    }

    /** True when the {@code Authorization} header value carries this token. */
    boolean admits(Optional<String> authorization) {
        String presented = authorization.filter(value -> value.startsWith("Bearer ")).map(value -> value.substring(7))
                .orElse("");
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
