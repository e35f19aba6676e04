package dev.jgpt.chat;

import dev.jgpt.generate.Stops;
import dev.jgpt.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The one chat format of the project, used alike by the training data, the server and the
 * terminal chat: ChatML.
 *
 * <pre>
 * &lt;|im_start|&gt;system
 * You are a helpful assistant.&lt;|im_end|&gt;
 * &lt;|im_start|&gt;user
 * Where is Mia?&lt;|im_end|&gt;
 * &lt;|im_start|&gt;assistant
 * Mia is in the garden.&lt;|im_end|&gt;
 * </pre>
 *
 * A model trained by jgpt on the default corpus has {@code <|im_start|>} and
 * {@code <|im_end|>} as special tokens (single ids). Message text is encoded as ordinary
 * text, so a user who types "&lt;|im_end|&gt;" cannot forge a turn. A model whose tokenizer
 * lacks those tokens (a downloaded GPT-2) gets plain role markers instead, "User: ...\n" and
 * a prompt ending in "Assistant:", which a base model continues more sensibly than markers it
 * has never seen; its reply ends at the next "\nUser:" or "\nSystem:".
 */
public final class ChatTemplate {
    public static final String START = "<|im_start|>", END = "<|im_end|>";
    /** The special tokens a tokenizer needs for the ChatML form. */
    public static final List<String> SPECIAL_TOKENS = List.of(START, END);

    /** Token ids ending with the assistant's header, and how the reply ends. */
    public record Prompt(int[] ids, Stops stops) {}

    private final Tokenizer tok;
    private final int startId, endId;

    private ChatTemplate(Tokenizer tok) {
        this.tok = tok;
        this.startId = tok.specialTokens().getOrDefault(START, -1);
        this.endId = tok.specialTokens().getOrDefault(END, -1);
    }

    /** The template for this tokenizer: ChatML with special tokens when it has them, else plain text. */
    public static ChatTemplate of(Tokenizer tok) { return new ChatTemplate(tok); }

    public boolean usesSpecialTokens() { return startId >= 0 && endId >= 0; }

    /** "chatml" or "plain". */
    public String name() { return usesSpecialTokens() ? "chatml" : "plain"; }

    /** A conversation as ChatML text: what the training data holds (each turn ends with a newline). */
    public static String render(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) sb.append(START).append(m.role().wire()).append('\n').append(m.content()).append(END).append('\n');
        return sb.toString();
    }

    /**
     * The prompt that asks the model for the next assistant turn after {@code messages}.
     * Encodes the same ids as the training data's text for the same turns.
     */
    public Prompt prompt(List<Message> messages) {
        if (messages.isEmpty()) throw new IllegalArgumentException("a conversation needs at least one message");
        if (!usesSpecialTokens()) {
            StringBuilder sb = new StringBuilder();
            for (Message m : messages) sb.append(m.role().label()).append(": ").append(m.content()).append('\n');
            sb.append(Role.ASSISTANT.label()).append(':');
            List<String> stops = List.of("\n" + Role.USER.label() + ":", "\n" + Role.SYSTEM.label() + ":");
            return new Prompt(tok.encodeOrdinary(sb.toString()), new Stops(stops, ends(), true));
        }
        List<int[]> parts = new ArrayList<>();
        for (Message m : messages) {
            parts.add(new int[]{startId});
            parts.add(tok.encodeOrdinary(m.role().wire() + "\n" + m.content()));
            parts.add(new int[]{endId});
            parts.add(tok.encodeOrdinary("\n"));
        }
        parts.add(new int[]{startId});
        parts.add(tok.encodeOrdinary(Role.ASSISTANT.wire() + "\n"));
        return new Prompt(concat(parts), new Stops(List.of(), ends(), false));
    }

    private static int[] concat(List<int[]> parts) {
        int n = 0, at = 0;
        for (int[] p : parts) n += p.length;
        int[] out = new int[n];
        for (int[] p : parts) { System.arraycopy(p, 0, out, at, p.length); at += p.length; }
        return out;
    }

    /** A reply ends at the end of its turn, at the start of another, or at the end of the text. */
    private int[] ends() {
        List<Integer> ids = new ArrayList<>();
        if (endId >= 0) ids.add(endId);
        if (startId >= 0) ids.add(startId);
        if (tok.eotId() >= 0) ids.add(tok.eotId());
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
