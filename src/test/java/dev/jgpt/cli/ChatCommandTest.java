package dev.jgpt.cli;

import dev.jgpt.chat.ChatTemplate;
import dev.jgpt.chat.Message;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.model.ModelDir;
import dev.jgpt.serve.TinyChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ChatCommandTest {
    @TempDir Path dir;

    static String reply(ModelDir.Loaded m, List<Message> conversation, long seed) {
        var p = ChatTemplate.of(m.tokenizer()).prompt(conversation);
        return new TextGenerator(m.model(), m.tokenizer()).completeTokens(List.of(p.ids()), new SamplingConfig(12, 0f, 0, 1f, seed),
                p.stops(), null).get(0).text();
    }

    static List<Message> with(Message first, List<Message> rest) {
        List<Message> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    @Test
    void keepsTheConversationAndStreamsReplies() throws Exception {
        ModelDir.Loaded m = TinyChatModel.create(dir);
        String input = "Where is Mia?\n" + "word ".repeat(200) + "\nWho owns the kite?\n/reset\nHello!\n/exit\n";
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        CliTest.Run r;
        try {
            r = CliTest.run("chat", "--model", dir.resolve("tiny-chat").toString(), "--temperature", "0", "--max-tokens", "12",
                    "--system", "You are a helpful assistant.");
        } finally {
            System.setIn(old);
        }
        assertEquals(0, r.code(), r.err());
        Message sys = Message.system("You are a helpful assistant.");
        String a1 = reply(m, List.of(sys, Message.user("Where is Mia?")), 1337);
        // The over-long message is refused and not kept; the next turn sees the first exchange, less
        // the oldest turns that no longer fit the 64-token context (the system message stays).
        List<Message> history = List.of(Message.user("Where is Mia?"), Message.assistant(a1), Message.user("Who owns the kite?"));
        int drop = 0;
        while (ChatTemplate.of(m.tokenizer()).prompt(with(sys, history.subList(drop, 3))).ids().length > TinyChatModel.CONTEXT) drop++;
        assertTrue(drop > 0, "the test means to exercise dropping");
        String a2 = reply(m, with(sys, history.subList(drop, 3)), 1339);
        assertTrue(r.err().contains("dropped the oldest turns"), r.err());
        String a3 = reply(m, List.of(sys, Message.user("Hello!")), 1341);
        assertTrue(r.err().contains("longer than the model's context"), r.err());
        assertTrue(r.err().contains("(conversation cleared)"), r.err());
        String[] turns = r.out().split("> ", -1);
        assertEquals("", turns[0]);
        assertEquals(a1 + "\n", turns[1]);
        assertEquals("", turns[2], "no reply to the over-long message");
        assertEquals(a2 + "\n", turns[3]);
        assertEquals("", turns[4], "/reset");
        assertEquals(a3 + "\n", turns[5]);
    }

    @Test
    void missingModelIsAOneLineError() {
        CliTest.Run r = CliTest.run("chat", "--model", dir.resolve("nothing").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: no model at"), r.err());
    }
}
