package dev.jgpt.util;

/**
 * An error caused by the user's input (a missing file, a corrupt checkpoint, an invalid
 * config). The CLI prints its message as one line and exits with status 2; nothing is
 * written when it is thrown before an atomic write completes.
 */
public class UserException extends RuntimeException {
    public UserException(String message) { super(message); }
    public UserException(String message, Throwable cause) { super(message, cause); }
}
