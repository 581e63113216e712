"""Backup and restore of the database and the stored files together (`chancery backup --out DIR`,
`chancery restore DIR`).

Consistent while the office works:
- the database is copied as of one instant: on PostgreSQL, `pg_dump` of a snapshot exported from a
  repeatable-read transaction, in which every table's row count and digest are read too; on SQLite, the
  online backup API (a page-by-page copy that restarts if a writer changes a page) into memory, the counts
  and digests read from the copy written out;
- the files are copied after that instant. A stored file is written before the row that names it commits
  and is never rewritten in place, so every file the copied rows name is there; a file written after the
  instant is copied too and simply named by nothing.

A backup holds no working credential. The database part never holds the data of `django_session` (a
restored system has no sessions: everyone signs in again) nor of `otp_totp_totpdevice` (the TOTP seeds):
PostgreSQL's dump leaves their data out (`--exclude-table-data`), SQLite's copy is emptied of them in memory,
before anything is written into the backup folder, and written out with `VACUUM INTO` (no free page keeps a
deleted row). API tokens and one-time password links are stored as digests only, passwords as Argon2 hashes.
The seeds travel only inside the passphrase-encrypted keys (`--include-keys`), and restore puts them back
from there; without them, every person who had a second factor finds a fresh pending enrolment and enrols
again at the next login (chancery.core.middleware.ENROL_AGAIN_DEVICE).

The backup folder (mode 0700, every file in it 0600: it holds every record of the office): `database.pgdump`
or `database.sqlite3`, `files/` (MEDIA_ROOT, without the health probe's scratch files),
`audit_checkpoints.jsonl` (the audit chain's checkpoints up to the copied chain head: a restored system
verifies against them), and `manifest.json`: the database vendor, the database file's SHA-256, each table's
row count and SHA-256 digest, each file's size and SHA-256, what the backup holds of the audit trail, of the
keys and of the second factors, and a signature over all of that: an HMAC-SHA256 under a key derived from
the audit key. Whoever holds a backup without the audit key cannot change a byte of it and have it restored.

The keys are not in the backup by default: the audit key is what makes the trail evidence (someone holding a
copy of the database and its key could rewrite both), and the secret key signs sessions and links. Keep them
apart (the environment, a vault, a sealed envelope). `--include-keys` adds them, with the second factors'
seeds, encrypted with a passphrase (scrypt, then AES-256-GCM; `cryptography`) as `keys.enc`.

Restore goes into an empty system only (no tables in the database, no files in the storage, no checkpoint
file). Before writing anything it checks the manifest's signature with the audit key at hand
(CHANCERY_AUDIT_KEY, the backup's own keys opened with the passphrase, or var/audit_key) and every file of
the backup against the manifest, and says what is missing if anything is. It then writes into temporary
places: the database into an uncommitted transaction (PostgreSQL: `pg_restore`'s script run by Chancery
itself) or a temporary file beside the target (SQLite); the files into a temporary folder in the storage;
compares every table's count and digest and every file's checksum with the manifest, removes every session,
puts the second factors back (or leaves the enrolments to redo), and only when all of that passed moves the
files, the checkpoint file and the keys into place and commits the database. On any failure the target is
left as it was. A backup restores onto the same kind of database it was taken from. Backups of formats 1 and
2 (before manifests were signed) are refused unless `trust_unsigned` is given.

The package has a module per step, each re-exported here: `taking` (a backup), `checks`, `staging` and
`restoring` (a restore), over `layout` (what a backup holds), `files`, `keys` and `digests`.
"""

from chancery.ops.backup.checks import check_backup, read_manifest
from chancery.ops.backup.digests import PG_KEY, table_digests
from chancery.ops.backup.keys import decrypt_keys, encrypt_keys, sign_manifest
from chancery.ops.backup.layout import (
    CHECKPOINTS,
    CHUNK,
    DATABASE_FILES,
    DEVICES,
    ENROL_AGAIN,
    FORMAT,
    KEYS,
    KEYS_AAD,
    LEFT_OUT,
    MANIFEST,
    MIN_PASSPHRASE,
    READABLE_FORMATS,
    SCRYPT,
    SCRYPT_MAX_N,
    SESSIONS,
    SIGNATURE,
    SIGNATURE_PURPOSE,
    SIGNED_FROM,
    SKIPPED_FILES,
    USERS,
    BackupError,
    RestoreReport,
)
from chancery.ops.backup.restoring import restore
from chancery.ops.backup.staging import PSQL_COMMANDS_SKIPPED
from chancery.ops.backup.taking import backup

__all__ = [
    "CHECKPOINTS",
    "CHUNK",
    "DATABASE_FILES",
    "DEVICES",
    "ENROL_AGAIN",
    "FORMAT",
    "KEYS",
    "KEYS_AAD",
    "LEFT_OUT",
    "MANIFEST",
    "MIN_PASSPHRASE",
    "PG_KEY",
    "PSQL_COMMANDS_SKIPPED",
    "READABLE_FORMATS",
    "SCRYPT",
    "SCRYPT_MAX_N",
    "SESSIONS",
    "SIGNATURE",
    "SIGNATURE_PURPOSE",
    "SIGNED_FROM",
    "SKIPPED_FILES",
    "USERS",
    "BackupError",
    "RestoreReport",
    "backup",
    "check_backup",
    "decrypt_keys",
    "encrypt_keys",
    "read_manifest",
    "restore",
    "sign_manifest",
    "table_digests",
]
