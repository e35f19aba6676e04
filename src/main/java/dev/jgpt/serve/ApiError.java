package dev.jgpt.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}},
 * so that client libraries raise their usual exceptions (BadRequest, Authentication,
 * NotFound, RateLimit...).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type, param, code;

    public ApiError(int status, String type, String message, String param, String code) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public int status() { return status; }

    public static ApiError badRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", message, param, null);
    }

    public static ApiError badParameter(String param, String message) {
        return new ApiError(400, "invalid_request_error", message, param, "invalid_value");
    }

    public static ApiError contextLength(String message, String param) {
        return new ApiError(400, "invalid_request_error", message, param, "context_length_exceeded");
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "invalid_request_error", message, null, "invalid_api_key");
    }

    public static ApiError notFound(String message, String param, String code) {
        return new ApiError(404, "invalid_request_error", message, param, code);
    }

    public static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "invalid_request_error", method + " is not allowed on " + path, null, "method_not_allowed");
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "request body is larger than the limit of " + limit + " bytes", null, "request_too_large");
    }

    public static ApiError queueFull(int queued) {
        return new ApiError(429, "rate_limit_exceeded", "the server is busy: " + queued + " requests are already waiting; retry shortly", null, "queue_full");
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "server_error", message, null, "unavailable");
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", message, null, null);
    }

    /** The JSON body. */
    public Map<String, Object> body() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", getMessage());
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return Map.of("error", e);
    }
}
