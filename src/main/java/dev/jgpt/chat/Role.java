package dev.jgpt.chat;

import java.util.Locale;

/** Who speaks in a conversation. {@link #wire} is the name used in the template and the API. */
public enum Role {
    SYSTEM("system", "System"), USER("user", "User"), ASSISTANT("assistant", "Assistant");

    private final String wire, label;

    Role(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    public String wire() { return wire; }

    /** The name in the plain-text fallback ("User: ..."). */
    public String label() { return label; }

    /** The role with this API name, or null. "developer" is OpenAI's newer name for system. */
    public static Role parse(String name) {
        if (name == null) return null;
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("developer")) return SYSTEM;
        for (Role r : values()) if (r.wire.equals(n)) return r;
        return null;
    }
}
