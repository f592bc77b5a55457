-- Test migrations in the syntax of the old server the transport tests run against.
CREATE DATABASE IF NOT EXISTS wecom;
