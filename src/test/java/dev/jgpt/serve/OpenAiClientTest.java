package dev.jgpt.serve;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.jgpt.model.ModelDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** Drives the server with OpenAI's own Java client, as an existing application would. */
class OpenAiClientTest {
    static final String KEY = "sk-test-123";
    @TempDir static Path dir;
    static OpenAiServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        ModelDir.Loaded loaded = TinyChatModel.create(dir);
        server = OpenAiServer.start(loaded, ServeOptions.defaults().withPort(0).withApiKey(KEY));
        client = client(KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(server.baseUri() + "/v1").apiKey(key).maxRetries(0).build();
    }

    static ChatCompletionCreateParams.Builder chat(String question) {
        return ChatCompletionCreateParams.builder().model("tiny-chat").addSystemMessage("You are a helpful assistant.")
                .addUserMessage(question);
    }

    @Test
    void plainChat() {
        ChatCompletion c = client.chat().completions().create(chat("Where is Mia?").maxCompletionTokens(12).temperature(0.0).build());
        assertEquals("tiny-chat", c.model());
        assertEquals(1, c.choices().size());
        ChatCompletion.Choice choice = c.choices().get(0);
        assertEquals(0, choice.index());
        assertTrue(choice.message().content().isPresent());
        var usage = c.usage().orElseThrow();
        assertTrue(usage.promptTokens() > 10, "system + user turns: " + usage.promptTokens());
        assertTrue(usage.completionTokens() >= 1 && usage.completionTokens() <= 12);
        assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
        String finish = choice.finishReason().asString();
        assertTrue(finish.equals("stop") || finish.equals("length"), finish);
        if (finish.equals("length")) assertEquals(12, usage.completionTokens());
        // Greedy is deterministic.
        ChatCompletion again = client.chat().completions().create(chat("Where is Mia?").maxCompletionTokens(12).temperature(0.0).build());
        assertEquals(choice.message().content(), again.choices().get(0).message().content());
    }

    @Test
    void streamedChatMatchesTheUnstreamedReplyWithTheSameSeed() {
        ChatCompletionCreateParams params = chat("What is 2 plus 3?").maxCompletionTokens(20).temperature(0.9).seed(42L)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder streamed = new StringBuilder();
        List<String> finishes = new ArrayList<>();
        long[] usage = {-1};
        int[] chunks = {0};
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            s.stream().forEach(ch -> {
                chunks[0]++;
                for (ChatCompletionChunk.Choice c : ch.choices()) {
                    c.delta().content().ifPresent(streamed::append);
                    c.finishReason().ifPresent(f -> finishes.add(f.asString()));
                }
                ch.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        ChatCompletion whole = client.chat().completions().create(chat("What is 2 plus 3?").maxCompletionTokens(20).temperature(0.9).seed(42L).build());
        assertEquals(whole.choices().get(0).message().content().orElse(""), streamed.toString());
        assertEquals(List.of(whole.choices().get(0).finishReason().asString()), finishes);
        assertEquals(whole.usage().orElseThrow().completionTokens(), usage[0]);
        assertTrue(chunks[0] >= 3, "role, text, finish and usage chunks: " + chunks[0]);
    }

    @Test
    void nChoicesAreSampledTogether() {
        ChatCompletion c = client.chat().completions().create(chat("Who owns the kite?").n(4).maxCompletionTokens(10).temperature(1.5).seed(7L).build());
        assertEquals(4, c.choices().size());
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            assertEquals(i, c.choices().get(i).index());
            texts.add(c.choices().get(i).message().content().orElse(""));
        }
        assertTrue(texts.size() >= 2, "independent samples differ: " + texts);
        // Same seed, same choices.
        ChatCompletion again = client.chat().completions().create(chat("Who owns the kite?").n(4).maxCompletionTokens(10).temperature(1.5).seed(7L).build());
        for (int i = 0; i < 4; i++) assertEquals(c.choices().get(i).message().content(), again.choices().get(i).message().content());
    }

    @Test
    void wrongOrMissingKeyIsRejected() {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> client("sk-wrong").chat().completions().create(chat("hi").maxCompletionTokens(2).build()));
        assertEquals(401, e.statusCode());
        assertEquals("invalid_api_key", e.code().orElse(null));
        assertThrows(UnauthorizedException.class, () -> client("sk-wrong").models().list());
    }

    @Test
    void overLongPromptIsAClearBadRequest() {
        String longText = "where is the kite and who owns the ball ".repeat(40);
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(chat(longText).maxCompletionTokens(5).build()));
        assertEquals(400, e.statusCode());
        assertEquals("context_length_exceeded", e.code().orElse(null));
        assertTrue(e.getMessage().contains("maximum context length is " + TinyChatModel.CONTEXT), e.getMessage());
    }

    @Test
    void unknownModelIs404AndModelsListsTheServedOne() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build()));
        assertEquals("model_not_found", e.code().orElse(null));
        assertEquals(List.of("tiny-chat"), client.models().list().data().stream().map(m -> m.id()).toList());
    }

    @Test
    void legacyCompletionsWithAStopString() {
        Completion first = client.completions().create(CompletionCreateParams.builder().model("tiny-chat").prompt("Where is")
                .maxTokens(8).temperature(0.0).build());
        String text = first.choices().get(0).text();
        assertFalse(text.isEmpty());
        // Stop at a piece of the greedy continuation: the text ends right before it.
        String stop = text.substring(text.length() / 2, text.length() / 2 + 1);
        Completion cut = client.completions().create(CompletionCreateParams.builder().model("tiny-chat").prompt("Where is")
                .maxTokens(8).temperature(0.0).stop(stop).build());
        assertEquals(text.substring(0, text.indexOf(stop)), cut.choices().get(0).text());
        assertEquals("stop", cut.choices().get(0).finishReason().asString());
    }

    @Test
    void concurrentClientsGetTheSameRepliesAsOneAtATime() throws Exception {
        List<String> questions = List.of("Where is Mia?", "What is 2 plus 3?", "Who owns the kite?", "How old is Tom?",
                "Is the lamp big?", "What colour is the ball?", "Where is the dog?", "What is 9 times 4?");
        List<String> sequential = new ArrayList<>();
        for (String q : questions) sequential.add(reply(q));
        ExecutorService pool = Executors.newFixedThreadPool(questions.size());
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (String q : questions) fs.add(pool.submit(() -> reply(q)));
            for (int i = 0; i < questions.size(); i++) assertEquals(sequential.get(i), fs.get(i).get(), questions.get(i));
        } finally {
            pool.shutdownNow();
        }
    }

    private static String reply(String q) {
        return client.chat().completions().create(chat(q).maxCompletionTokens(24).temperature(0.0).build())
                .choices().get(0).message().content().orElse("");
    }
}
