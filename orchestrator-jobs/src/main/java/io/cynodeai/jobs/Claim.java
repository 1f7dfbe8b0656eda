package io.cynodeai.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * A job a control plane claimed, under {@code leaseId}: every later transition of it names the
 * lease, so a claim that expired and went to another holder is never overwritten by its old one.
 *
 * @param spec the job's stored payload ({@link JobSpec#parse})
 * @param queuedAt when the job became visible to the dispatcher (the commit that queued it)
 */
public record Claim(
        UUID jobId, UUID taskId, UUID leaseId, String spec, int attempts, Instant queuedAt, Instant claimedAt) {

    /** A row of the claim statement. */
    static Claim row(ResultSet rs, int row) throws SQLException {
        return new Claim(
                rs.getObject("id", UUID.class),
                rs.getObject("task_id", UUID.class),
                rs.getObject("lease_id", UUID.class),
                rs.getString("payload"),
                rs.getInt("attempts"),
                rs.getTimestamp("queued_at").toInstant(),
                rs.getTimestamp("claimed_at").toInstant());
    }
}
