package org.convlens.base;

/** Reports how far a long computation is and lets the caller stop it between steps. */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void update(double fraction, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** @param fraction done so far, 0 to 1 */
    void update(double fraction, String message);

    boolean cancelled();

    /** Pictures of the work so far (display pixels 0–1, {@code [N, C, H, W]}) for views that show it filling in. */
    default void preview(Tensor pixels, int step) {
    }

    /** Throws {@link CancelledException} when the caller asked to stop. */
    default void checkCancelled() {
        if (cancelled()) throw new CancelledException();
    }

    final class CancelledException extends RuntimeException {
        public CancelledException() {
            super("cancelled");
        }
    }
}
