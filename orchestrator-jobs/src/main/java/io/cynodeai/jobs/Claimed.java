package io.cynodeai.jobs;

import java.util.List;

/**
 * What a claim on a node took ({@link JobLifecycle#claimOn}), and the node's free slots before
 * it: 0 when the node may take nothing (full, not active, not heard from); more than {@code
 * claims.size()} when it had room but no job it can run was ready.
 */
public record Claimed(List<Claim> claims, int room) {}
