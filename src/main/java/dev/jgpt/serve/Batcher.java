package dev.jgpt.serve;

import dev.jgpt.generate.DecodeBatch;
import dev.jgpt.generate.Generator;
import dev.jgpt.generate.Sequence;

import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server's one decode loop. Requests wait in a bounded queue; between decode steps the
 * loop admits waiting requests while their choices fit under {@code maxSequences}, prefills
 * them, and then advances every active sequence by one token in a single pass over the
 * weights (continuous batching: {@link DecodeBatch}).
 *
 * <p>Why one thread rather than a generator per request: decoding a small model is bound by
 * reading the weights, so one step for 16 sequences costs little more than a step for one,
 * while independent generators on other threads would each re-read the weights and fight for
 * the same cores (the GEMMs are already parallel inside). One loop also bounds memory: at most
 * {@code maxSequences} key/value caches exist at a time. A request that arrives while the
 * queue is full is refused (HTTP 429) instead of waiting without bound.
 */
final class Batcher implements AutoCloseable {
    private final Generator generator;
    private final int maxSequences, maxQueued;
    private final LinkedBlockingQueue<Job> queue;
    private final Thread worker;
    private volatile boolean closing;
    private volatile int active, peak;

    Batcher(Generator generator, int maxSequences, int maxQueued) {
        if (maxSequences < 1) throw new IllegalArgumentException("max batch must be >= 1");
        if (maxQueued < 1) throw new IllegalArgumentException("queue size must be >= 1");
        this.generator = generator;
        this.maxSequences = maxSequences;
        this.maxQueued = maxQueued;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        this.worker = new Thread(this::loop, "jgpt-decode");
        worker.setDaemon(true);
        worker.start();
    }

    int maxSequences() { return maxSequences; }

    /** Sequences being decoded now. */
    int active() { return active; }

    /** The most sequences decoded together so far. */
    int peak() { return peak; }

    /** Requests waiting for room in the batch. */
    int queued() { return queue.size(); }

    /** Queues a job; 429 when the queue is full, 503 once shutting down. */
    void submit(Job job) {
        if (closing) throw ApiError.unavailable("the server is shutting down");
        if (job.choices() > maxSequences)
            throw ApiError.badParameter("n", "this server decodes at most " + maxSequences + " sequences at once; asked for " + job.choices());
        if (!queue.offer(job)) throw ApiError.queueFull(maxQueued);
    }

    /** Stops taking jobs, finishes every queued and running one, then ends the loop. */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        DecodeBatch batch = new DecodeBatch(generator);
        Map<Sequence, Job> owners = new IdentityHashMap<>();
        while (true) {
            try {
                Job next;
                while ((next = queue.peek()) != null && (batch.size() == 0 || batch.size() + next.choices() <= maxSequences)) {
                    queue.poll();
                    admit(batch, owners, next);
                }
                if (batch.size() == 0) {
                    active = 0;
                    if (closing && queue.isEmpty()) return;
                    next = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (next != null) admit(batch, owners, next);
                    continue;
                }
                active = batch.size();
                if (active > peak) peak = active;
                for (Sequence s : batch.step()) {
                    Job owner = owners.remove(s);
                    if (owner != null) owner.finished(s);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // A bug or out of memory: fail the requests in flight, keep serving new ones.
                for (Job j : new LinkedHashSet<>(owners.values())) j.fail(ApiError.internal("generation failed: " + e));
                owners.clear();
                batch = new DecodeBatch(generator);
                active = 0;
            }
        }
    }

    private static void admit(DecodeBatch batch, Map<Sequence, Job> owners, Job job) {
        if (job.cancelled()) return;
        try {
            for (int c = 0; c < job.choices(); c++) {
                Sequence s = batch.add(job.prompt(c), job.sampling, job.stream(c), c, job.stops.tokenIds(),
                        (choice, toks) -> job.shouldStop(choice), job::onToken);
                if (s.finish() != null) job.finished(s);
                else owners.put(s, job);
            }
        } catch (RuntimeException | Error e) {
            // Sequences already added see the failed (cancelled) job and end at their next token.
            job.fail(e instanceof IllegalArgumentException ? ApiError.badRequest(e.getMessage(), null)
                    : ApiError.internal("generation failed: " + e));
        }
    }
}
