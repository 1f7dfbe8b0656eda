package io.cynodeai.jobs;

import java.util.List;

/**
 * What a claim on a node took ({@link JobLifecycle#claimOn}), and the node's free slots before
 * it: 0 when the node may take nothing (full, not active, not heard from); more than {@code
 * claims.size()} when it had room but no job it can run was ready.
 *
 * @param heldElsewhere some queued job is held for another node (its lease ran out while that
 *     node was live: it goes back there), so a node like this one finding nothing does not mean
 *     that node would find nothing too
 */
public record Claimed(List<Claim> claims, int room, boolean heldElsewhere) {
    public Claimed(List<Claim> claims, int room) {
        this(claims, room, false);
    }
}
