//! Arrow record batches in and out.
