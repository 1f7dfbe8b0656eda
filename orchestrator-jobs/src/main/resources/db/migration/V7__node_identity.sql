-- Node identity (nodes.md §1): the PSK only enrolls a slug nobody holds; from then on the node
-- proves itself with its node credential, of which only the SHA-256 is kept. A credential being
-- rotated stays valid (previous_credential_hash) until the node presents the new one, so a lost
-- bootstrap answer cannot lock a node out. identity_epoch is in every node JWT: a revocation or a
-- reset raises it, and every JWT issued before is refused on its next request.
alter table nodes
    add column credential_hash          bytea,
    add column previous_credential_hash bytea,
    add column credential_issued_at     timestamptz,
    add column identity_epoch           integer not null default 0,
    add column labels                   jsonb not null default '[]';

-- active: takes jobs; draining: finishes its jobs, takes no new ones; revoked: refused until an
-- administrator resets it; pending: reset, its slug free to be enrolled again.
alter table nodes add constraint nodes_status_check
    check (status in ('active', 'draining', 'revoked', 'pending'));
