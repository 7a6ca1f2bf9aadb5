package org.convlens.job;

import org.convlens.base.Progress;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A queued or running piece of work: its progress, a way to cancel it, and its eventual result. */
public final class Job<T> implements Progress {

    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    private final String title;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final List<Consumer<Job<T>>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.QUEUED;
    private volatile double fraction;
    private volatile String message = "queued";
    private volatile boolean cancelRequested;
    private volatile org.convlens.base.Tensor preview;
    private volatile int previewStep;

    Job(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public State state() {
        return state;
    }

    public double fraction() {
        return fraction;
    }

    public String message() {
        return message;
    }

    public CompletableFuture<T> result() {
        return result;
    }

    /** Called on the job's thread at every progress update; keep it short. */
    public void onUpdate(Consumer<Job<T>> listener) {
        listeners.add(listener);
    }

    public void cancel() {
        cancelRequested = true;
        if (state == State.QUEUED) finish(State.CANCELLED, null, new CancelledException());
    }

    @Override
    public void update(double fraction, String message) {
        this.fraction = Math.max(0, Math.min(1, fraction));
        this.message = message;
        listeners.forEach(listener -> listener.accept(this));
    }

    @Override
    public void preview(org.convlens.base.Tensor pixels, int step) {
        preview = pixels;
        previewStep = step;
        listeners.forEach(listener -> listener.accept(this));
    }

    /** The latest picture of the work in progress, or null. */
    public org.convlens.base.Tensor preview() {
        return preview;
    }

    public int previewStep() {
        return previewStep;
    }

    @Override
    public boolean cancelled() {
        return cancelRequested;
    }

    void started() {
        state = State.RUNNING;
        update(0, "running");
    }

    synchronized void finish(State finalState, T value, Throwable error) {
        if (result.isDone()) return;
        state = finalState;
        if (error == null) result.complete(value);
        else result.completeExceptionally(error);
        listeners.forEach(listener -> listener.accept(this));
    }
}
