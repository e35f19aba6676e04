package dev.jgpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgpt.chat.ChatTemplate;
import dev.jgpt.chat.Message;
import dev.jgpt.chat.Role;
import dev.jgpt.generate.Generator;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.Stops;
import dev.jgpt.tokenizer.Tokenizer;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The OpenAI-compatible endpoints: request bodies to {@link Job}s, job events to responses
 * (one JSON object, or server-sent chunks when {@code stream} is true).
 */
final class Endpoints {
    /** Where a response goes: one JSON body, or an event stream. */
    interface Reply {
        void json(int status, Object body) throws IOException;

        Sse stream() throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** OpenAI's limit on stop sequences. */
    private static final int MAX_STOPS = 4;

    private final Batcher batcher;
    private final Tokenizer tok;
    private final ChatTemplate template;
    private final int context;
    private final String model;
    private final ServeOptions opt;
    private final long created = System.currentTimeMillis() / 1000;

    Endpoints(Batcher batcher, Tokenizer tok, int context, String model, ServeOptions opt) {
        this.batcher = batcher;
        this.tok = tok;
        this.template = ChatTemplate.of(tok);
        this.context = context;
        this.model = model;
        this.opt = opt;
    }

    String model() { return model; }

    ChatTemplate template() { return template; }

    // ---- GET endpoints

    Map<String, Object> models() {
        return ordered("object", "list", "data", List.of(modelCard()));
    }

    Map<String, Object> model(String id) {
        if (!id.equals(model)) throw modelNotFound(id);
        return modelCard();
    }

    Map<String, Object> health() {
        return ordered("status", "ok", "model", model, "context", context, "chat_template", template.name(),
                "active_sequences", batcher.active(), "peak_sequences", batcher.peak(), "queued_requests", batcher.queued(),
                "max_batch", batcher.maxSequences());
    }

    private Map<String, Object> modelCard() {
        return ordered("id", model, "object", "model", "created", created, "owned_by", "jgpt");
    }

    // ---- POST /v1/chat/completions

    void chat(ObjectNode body, Reply reply) throws IOException, InterruptedException {
        Params p = new Params(body);
        checkModel(p);
        List<Message> messages = messages(p);
        ChatTemplate.Prompt prompt = template.prompt(messages);
        checkFits(prompt.ids(), "messages");
        int maxTokens = maxTokens(p, opt.defaultMaxTokens());
        Job job = job(p, List.of(prompt.ids()), maxTokens, prompt.stops());
        String id = "chatcmpl-" + randomId();
        long now = System.currentTimeMillis() / 1000;
        if (p.bool("stream", false)) {
            stream(job, reply, includeUsage(p), choice -> chunkChoice(choice, ordered("role", "assistant", "content", ""), null),
                    (choice, text) -> chunkChoice(choice, ordered("content", text), null),
                    (choice, finish) -> chunkChoice(choice, Map.of(), finish),
                    choices -> ordered("id", id, "object", "chat.completion.chunk", "created", now, "model", model,
                            "system_fingerprint", null, "choices", choices));
            return;
        }
        Job.Collected r = submitAndCollect(job);
        List<Object> choices = new ArrayList<>();
        for (int i = 0; i < r.texts().length; i++)
            choices.add(ordered("index", i, "message", ordered("role", "assistant", "content", r.texts()[i], "refusal", null),
                    "logprobs", null, "finish_reason", reason(r.done()[i].finish())));
        reply.json(200, ordered("id", id, "object", "chat.completion", "created", now, "model", model,
                "system_fingerprint", null, "choices", choices, "usage", usage(job.promptTokens(), r.completionTokens())));
    }

    // ---- POST /v1/completions

    void completions(ObjectNode body, Reply reply) throws IOException, InterruptedException {
        Params p = new Params(body);
        checkModel(p);
        p.unsupported("echo", true);
        if (p.integer("best_of", 1, 1, 1) != 1) throw ApiError.badParameter("best_of", "best_of is not supported");
        JsonNode raw = p.get("prompt");
        if (raw != null && raw.isArray() && raw.size() > 0 && raw.get(0).isNumber())
            throw ApiError.badParameter("prompt", "token-id prompts are not supported; send text");
        List<String> texts = raw == null ? List.of("") : p.strings("prompt", opt.maxBatch());
        if (texts.isEmpty()) throw ApiError.badParameter("prompt", "prompt must not be an empty array");
        List<int[]> prompts = new ArrayList<>();
        for (String t : texts) {
            int[] ids = tok.encode(t);
            if (ids.length == 0) {
                if (tok.eotId() < 0) throw ApiError.badParameter("prompt", "empty prompt, and this model's tokenizer has no end-of-text token to start from");
                ids = new int[]{tok.eotId()};
            }
            checkFits(ids, "prompt");
            prompts.add(ids);
        }
        // OpenAI's default for this endpoint is 16 tokens.
        int maxTokens = maxTokens(p, Math.min(16, opt.maxTokensLimit()));
        Job job = job(p, prompts, maxTokens, Stops.of(List.of(), tok.eotId()));
        String id = "cmpl-" + randomId();
        long now = System.currentTimeMillis() / 1000;
        if (p.bool("stream", false)) {
            stream(job, reply, includeUsage(p), null,
                    (choice, text) -> ordered("index", choice, "text", text, "logprobs", null, "finish_reason", null),
                    (choice, finish) -> ordered("index", choice, "text", "", "logprobs", null, "finish_reason", finish),
                    choices -> ordered("id", id, "object", "text_completion", "created", now, "model", model, "choices", choices));
            return;
        }
        Job.Collected r = submitAndCollect(job);
        List<Object> choices = new ArrayList<>();
        for (int i = 0; i < r.texts().length; i++)
            choices.add(ordered("index", i, "text", r.texts()[i], "logprobs", null, "finish_reason", reason(r.done()[i].finish())));
        reply.json(200, ordered("id", id, "object", "text_completion", "created", now, "model", model,
                "choices", choices, "usage", usage(job.promptTokens(), r.completionTokens())));
    }

    // ---- shared

    private void checkModel(Params p) {
        String m = p.string("model");
        // A missing model means the one this server has (curl-friendly); a wrong one is a 404.
        if (m != null && !m.equals(model)) throw modelNotFound(m);
    }

    private ApiError modelNotFound(String m) {
        return ApiError.notFound("The model '" + m + "' does not exist; this server has '" + model + "'", "model", "model_not_found");
    }

    private List<Message> messages(Params p) {
        JsonNode ms = p.get("messages");
        if (ms == null || !ms.isArray() || ms.isEmpty()) throw ApiError.badParameter("messages", "messages must be a non-empty array");
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            JsonNode m = ms.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) throw ApiError.badParameter(where, where + " must be an object with a role and content");
            JsonNode roleNode = m.get("role");
            Role role = roleNode != null && roleNode.isTextual() ? Role.parse(roleNode.asText()) : null;
            if (role == null)
                throw ApiError.badParameter(where + ".role", where + ".role must be system, user or assistant, got " + roleNode);
            out.add(new Message(role, content(m.get("content"), role, where + ".content")));
        }
        return out;
    }

    /** A string, or an array of text parts; null only for an assistant turn (e.g. one that called a tool). */
    private static String content(JsonNode c, Role role, String where) {
        if (c == null || c.isNull()) {
            if (role == Role.ASSISTANT) return "";
            throw ApiError.badParameter(where, where + " is required");
        }
        if (c.isTextual()) return c.asText();
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                JsonNode type = part.get("type"), text = part.get("text");
                if (type == null || !"text".equals(type.asText()) || text == null || !text.isTextual())
                    throw ApiError.badParameter(where, where + ": only text parts are supported");
                sb.append(text.asText());
            }
            return sb.toString();
        }
        throw ApiError.badParameter(where, where + " must be a string or an array of text parts");
    }

    private void checkFits(int[] ids, String param) {
        if (ids.length > context)
            throw ApiError.contextLength("This model's maximum context length is " + context + " tokens, but the "
                    + param + " take " + ids.length + " tokens. Shorten the " + param + ".", param);
    }

    private int maxTokens(Params p, int dflt) {
        String name = p.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        return p.integer(name, dflt, 1, opt.maxTokensLimit());
    }

    private Job job(Params p, List<int[]> prompts, int maxTokens, Stops base) {
        p.unsupported("tools", false);
        p.unsupported("functions", false);
        p.unsupported("logprobs", true);
        if (p.has("top_logprobs") || (p.has("logprobs") && p.get("logprobs").isNumber()))
            throw ApiError.badParameter("logprobs", "logprobs are not supported by this server");
        int n = p.integer("n", 1, 1, opt.maxBatch());
        float temperature = (float) p.number("temperature", 1.0, 0, 2);
        float topP = (float) p.number("top_p", 1.0, 0, 1);
        int topK = p.integer("top_k", 0, 0, Integer.MAX_VALUE);
        if (topP == 0f) {   // "only the most likely token": greedy
            temperature = 0f;
            topP = 1f;
        }
        Long seed = p.longValue("seed");
        List<String> stop = p.strings("stop", MAX_STOPS);
        for (String s : stop) if (s.isEmpty()) throw ApiError.badParameter("stop", "stop strings must not be empty");
        SamplingConfig sc = new SamplingConfig(maxTokens, temperature, topK, topP, seed != null ? seed : RANDOM.nextLong());
        return new Job(prompts, n, sc, base.withStrings(stop), tok);
    }

    private static boolean includeUsage(Params p) {
        JsonNode so = p.get("stream_options");
        if (so == null) return false;
        if (!so.isObject()) throw ApiError.badParameter("stream_options", "stream_options must be an object");
        JsonNode u = so.get("include_usage");
        if (u != null && !u.isNull() && !u.isBoolean()) throw ApiError.badParameter("stream_options", "stream_options.include_usage must be true or false");
        return u != null && u.asBoolean();
    }

    private Job.Collected submitAndCollect(Job job) throws InterruptedException {
        batcher.submit(job);
        try {
            return job.collect();
        } catch (InterruptedException e) {
            job.cancel();
            throw e;
        }
    }

    interface ChunkChoice<T> { Map<String, Object> make(int choice, T value); }

    interface Envelope { Map<String, Object> wrap(List<Object> choices); }

    /**
     * Streams a job: an opening chunk per choice (chat: the role), a chunk per piece of text,
     * a closing chunk per choice with its finish_reason, the usage chunk when asked for, then
     * [DONE]. A client that goes away cancels the job.
     */
    private void stream(Job job, Reply reply, boolean includeUsage, IntFunction<Map<String, Object>> opening,
                        ChunkChoice<String> text, ChunkChoice<String> closing, Envelope envelope) throws IOException, InterruptedException {
        batcher.submit(job);   // before the 200 goes out: a full queue is still a proper 429
        int completionTokens = 0;
        try {
            Sse sse = reply.stream();
            if (opening != null)
                for (int c = 0; c < job.choices(); c++) sse.send(withUsage(envelope.wrap(List.of(opening.apply(c))), includeUsage));
            sse.flush();
            int remaining = job.choices();
            while (remaining > 0) {
                Job.Event e = job.next();
                if (e instanceof Job.Text t) sse.send(withUsage(envelope.wrap(List.of(text.make(t.choice(), t.text()))), includeUsage));
                else if (e instanceof Job.Done d) {
                    sse.send(withUsage(envelope.wrap(List.of(closing.make(d.choice(), reason(d.finish())))), includeUsage));
                    completionTokens += d.completionTokens();
                    remaining--;
                } else if (e instanceof Job.Failed f) {
                    sse.send(f.error().body());
                    sse.flush();
                    return;
                }
                sse.flush();
            }
            if (includeUsage) {
                Map<String, Object> last = envelope.wrap(List.of());
                last.put("usage", usage(job.promptTokens(), completionTokens));
                sse.send(last);
            }
            sse.done();
            sse.flush();
        } catch (IOException | InterruptedException | RuntimeException e) {
            job.cancel();
            throw e;
        }
    }

    private static Map<String, Object> withUsage(Map<String, Object> chunk, boolean includeUsage) {
        if (includeUsage) chunk.put("usage", null);
        return chunk;
    }

    private static Map<String, Object> chunkChoice(int choice, Map<String, Object> delta, String finish) {
        return ordered("index", choice, "delta", delta, "logprobs", null, "finish_reason", finish);
    }

    private static String reason(Generator.Finish f) { return f == Generator.Finish.LENGTH ? "length" : "stop"; }

    private static Map<String, Object> usage(int prompt, int completion) {
        return ordered("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion);
    }

    private static String randomId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A JSON object with fields in the given order (null values kept: clients expect the keys). */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
