-- The database every wecom-flow table lives in.
CREATE DATABASE IF NOT EXISTS wecom;
