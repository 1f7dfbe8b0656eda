-- A node whose Worker API serves HTTPS reports its certificate's SHA-256 (nodes.md §1); the control
-- plane pins it. It changes only with the node's URL, at a registration that proved the node's
-- credential, so a stranger cannot swap it.
alter table nodes add column worker_cert_sha256 text;
