package com.made.allocation.entrypoints.messages;

/**
 * The rules for the names the API is given (batch refs, SKUs, order ids): non-empty text of at most
 * {@value #MAX_LENGTH} characters, with no control characters. The rules keep line breaks out of what
 * later becomes a mail header or a log line, and keep text a database column cannot hold from ever
 * reaching one.
 */
public final class Identifiers {

    /**
     * Counted in UTF-16 units, as Java and H2 count characters: a value that passes fits a VARCHAR(255)
     * on H2 and on PostgreSQL (which counts code points, never more than UTF-16 units).
     */
    static final int MAX_LENGTH = 255;

    private Identifiers() {
    }

    /**
     * Returns {@code value} when it is a valid identifier.
     *
     * @throws InvalidRequest naming {@code field} when it is not
     */
    public static String require(String field, String value) {
        if (value.isEmpty()) {
            throw new InvalidRequest(field + " must not be empty");
        }
        if (value.isBlank()) {
            throw new InvalidRequest(field + " must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidRequest(field + " must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isLineBreakOrControl(c)) {
                throw new InvalidRequest(field + " must not contain control characters");
            }
            if (Character.isSurrogate(c)) {
                // A lone surrogate (from a \uD800-style escape) is not text: no encoding can store it.
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidRequest(field + " must be valid Unicode text");
                }
                i++;
            }
        }
        return value;
    }

    // C0 controls (CR, LF, NUL...), DEL and the C1 controls (NEL among them), plus the Unicode line and
    // paragraph separators, which some mail and log readers also treat as line breaks.
    private static boolean isLineBreakOrControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
