package dev.jgpt.reason;

import dev.jgpt.util.UserException;

/** An LMSI round found no confident question: there is nothing to fine-tune on. */
public final class EmptyHarvestException extends UserException {
    public EmptyHarvestException(String message) { super(message); }
}
