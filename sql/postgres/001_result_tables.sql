-- The result tables of DESIGN section 5 in PostgreSQL, for SCRM applications that read their
-- live numbers from their own database. The sink keeps each table as ClickHouse's FINAL shows it:
-- one row per key (the primary key), the highest version. Times are timestamptz, business dates
-- are date, counts bigint (ClickHouse's UInt32 goes past PostgreSQL's integer). Rows deleted
-- upstream (is_deleted = 1 in ClickHouse) are deleted here; the deleting version stays in
-- TABLE_deleted so that a late, older row cannot bring one back.

CREATE SCHEMA IF NOT EXISTS wecom;

CREATE TABLE wecom.group_daily_stats
(
    corp_id          text NOT NULL,
    chat_id          text NOT NULL,
    stat_date        date NOT NULL,
    new_member_cnt   bigint NOT NULL,
    quit_member_cnt  bigint NOT NULL,
    member_has_msg   bigint NOT NULL,
    msg_total        bigint NOT NULL,
    checkin_members  bigint NOT NULL,
    version          bigint NOT NULL,
    PRIMARY KEY (corp_id, chat_id, stat_date)
);

CREATE TABLE wecom.member_daily_activity
(
    corp_id       text NOT NULL,
    chat_id       text NOT NULL,
    member_id     text NOT NULL,
    stat_date     date NOT NULL,
    member_type   text NOT NULL,
    msg_cnt       bigint NOT NULL,
    first_msg_at  timestamptz(3) NOT NULL,
    last_msg_at   timestamptz(3) NOT NULL,
    checked_in    smallint NOT NULL,
    version       bigint NOT NULL,
    PRIMARY KEY (corp_id, chat_id, member_id, stat_date)
);

CREATE TABLE wecom.employee_daily_behavior
(
    corp_id                text NOT NULL,
    userid                 text NOT NULL,
    stat_date              date NOT NULL,
    new_contact_cnt        bigint NOT NULL,
    negative_feedback_cnt  bigint NOT NULL,
    chat_cnt               bigint NOT NULL,
    message_cnt            bigint NOT NULL,
    reply_percentage       double precision,
    avg_reply_time         double precision,
    initiated_chat_cnt     bigint NOT NULL,
    replied_chat_cnt       bigint NOT NULL,
    version                bigint NOT NULL,
    PRIMARY KEY (corp_id, userid, stat_date)
);

CREATE TABLE wecom.checkin_streaks
(
    corp_id             text NOT NULL,
    chat_id             text NOT NULL,
    member_id           text NOT NULL,
    current_streak      bigint NOT NULL,
    longest_streak      bigint NOT NULL,
    total_days          bigint NOT NULL,
    first_checkin_date  date NOT NULL,
    last_checkin_date   date NOT NULL,
    version             bigint NOT NULL,
    PRIMARY KEY (corp_id, chat_id, member_id)
);

CREATE TABLE wecom.checkin_milestones
(
    corp_id       text NOT NULL,
    chat_id       text NOT NULL,
    member_id     text NOT NULL,
    milestone     integer NOT NULL,
    reached_date  date NOT NULL,
    version       bigint NOT NULL,
    PRIMARY KEY (corp_id, chat_id, member_id, milestone)
);

CREATE TABLE wecom.channel_conversion_daily
(
    corp_id        text NOT NULL,
    state          text NOT NULL,
    cohort_date    date NOT NULL,
    new_customers  bigint NOT NULL,
    joined_group   bigint NOT NULL,
    engaged        bigint NOT NULL,
    checked_in     bigint NOT NULL,
    lost           bigint NOT NULL,
    version        bigint NOT NULL,
    PRIMARY KEY (corp_id, state, cohort_date)
);

CREATE TABLE wecom.channel_conversion_daily_deleted
(
    corp_id      text NOT NULL,
    state        text NOT NULL,
    cohort_date  date NOT NULL,
    version      bigint NOT NULL,
    PRIMARY KEY (corp_id, state, cohort_date)
);

CREATE TABLE wecom.customer_journey
(
    corp_id              text NOT NULL,
    external_userid      text NOT NULL,
    state                text NOT NULL,
    userid               text NOT NULL,
    added_at             timestamptz(3) NOT NULL,
    cohort_date          date NOT NULL,
    first_group_join_at  timestamptz(3),
    first_msg_at         timestamptz(3),
    first_checkin_at     timestamptz(3),
    lost_at              timestamptz(3),
    removed_at           timestamptz(3),
    version              bigint NOT NULL,
    PRIMARY KEY (corp_id, external_userid)
);

CREATE TABLE wecom.compliance_alerts
(
    alert_id     text NOT NULL,
    corp_id      text NOT NULL,
    msgid        text NOT NULL,
    msg_time     timestamptz(3) NOT NULL,
    roomid       text NOT NULL,
    sender       text NOT NULL,
    sender_type  text NOT NULL,
    receivers    text[] NOT NULL,
    rule_id      text NOT NULL,
    category     text NOT NULL,
    severity     text NOT NULL,
    matched      text NOT NULL,
    excerpt      text NOT NULL,
    detected_at  timestamptz(3) NOT NULL,
    version      bigint NOT NULL,
    PRIMARY KEY (corp_id, alert_id)
);

CREATE INDEX compliance_alerts_by_msg_time ON wecom.compliance_alerts (corp_id, msg_time);

CREATE TABLE wecom.compliance_alerts_deleted
(
    corp_id   text NOT NULL,
    alert_id  text NOT NULL,
    version   bigint NOT NULL,
    PRIMARY KEY (corp_id, alert_id)
);

CREATE TABLE wecom.group_members
(
    corp_id      text NOT NULL,
    chat_id      text NOT NULL,
    member_id    text NOT NULL,
    member_type  text NOT NULL,
    joined_at    timestamptz(3),
    left_at      timestamptz(3),
    join_cnt     bigint NOT NULL,
    is_member    smallint NOT NULL,
    version      bigint NOT NULL,
    PRIMARY KEY (corp_id, chat_id, member_id)
);

CREATE TABLE wecom.channels
(
    corp_id   text NOT NULL,
    state     text NOT NULL,
    name      text NOT NULL,
    kind      text NOT NULL,
    campaign  text NOT NULL,
    region    text NOT NULL,
    store     text NOT NULL,
    inviter   text NOT NULL,
    target    bigint NOT NULL,
    version   bigint NOT NULL,
    PRIMARY KEY (corp_id, state)
);

CREATE TABLE wecom.channels_deleted
(
    corp_id  text NOT NULL,
    state    text NOT NULL,
    version  bigint NOT NULL,
    PRIMARY KEY (corp_id, state)
);
