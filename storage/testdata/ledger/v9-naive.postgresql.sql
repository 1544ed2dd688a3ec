CREATE TABLE article (
    id integer NOT NULL,
    canonical_url text NOT NULL,
    url text NOT NULL,
    title character varying NOT NULL,
    outlet character varying,
    source_id integer,
    published_at timestamp without time zone,
    fetched_at timestamp without time zone NOT NULL,
    text text NOT NULL,
    summary text NOT NULL,
    language character varying,
    text_from character varying NOT NULL,
    story_id integer,
    duplicate_of integer,
    archive_url text,
    archive_checked_at timestamp without time zone
);

CREATE SEQUENCE article_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE article_id_seq OWNED BY article.id;

CREATE TABLE channellink (
    id integer NOT NULL,
    user_id bigint NOT NULL,
    channel_id bigint NOT NULL,
    managing boolean NOT NULL,
    connected_at timestamp without time zone NOT NULL,
    checked_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE channellink_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE channellink_id_seq OWNED BY channellink.id;

CREATE TABLE chat (
    id bigint NOT NULL,
    kind character varying NOT NULL,
    title character varying,
    active boolean NOT NULL,
    digest_enabled boolean NOT NULL,
    digest_time character varying NOT NULL,
    timezone character varying NOT NULL,
    language character varying,
    region character varying,
    digest_frequency character varying NOT NULL,
    digest_days character varying NOT NULL,
    weekly_day integer NOT NULL,
    quiet_hours character varying,
    nothing_new_note boolean NOT NULL,
    next_digest_at timestamp without time zone,
    last_digest_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);

CREATE TABLE chatsource (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    source_id integer NOT NULL,
    added_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE chatsource_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE chatsource_id_seq OWNED BY chatsource.id;

CREATE TABLE delivery (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    article_id integer NOT NULL,
    kind character varying NOT NULL,
    sent_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE delivery_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE delivery_id_seq OWNED BY delivery.id;

CREATE TABLE misseddigest (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    due_at timestamp without time zone NOT NULL,
    noted_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE misseddigest_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE misseddigest_id_seq OWNED BY misseddigest.id;

CREATE TABLE outbox (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    kind character varying NOT NULL,
    html text NOT NULL,
    buttons text NOT NULL,
    article_ids text NOT NULL,
    reply_to integer,
    message_thread_id integer,
    status character varying NOT NULL,
    attempts integer NOT NULL,
    not_before timestamp without time zone NOT NULL,
    claimed_by character varying,
    claim_until timestamp without time zone,
    created_at timestamp without time zone NOT NULL,
    sent_at timestamp without time zone,
    message_id integer,
    last_error character varying
);

CREATE SEQUENCE outbox_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE outbox_id_seq OWNED BY outbox.id;

CREATE TABLE schema_version (
    version integer NOT NULL
);

CREATE TABLE sendpace (
    id integer NOT NULL,
    next_at timestamp without time zone NOT NULL
);

CREATE TABLE source (
    id integer NOT NULL,
    url text NOT NULL,
    title character varying,
    kind character varying NOT NULL,
    builtin boolean NOT NULL,
    added_by_chat_id bigint,
    etag character varying,
    last_modified character varying,
    last_polled_at timestamp without time zone,
    last_success_at timestamp without time zone,
    next_poll_at timestamp without time zone,
    failures integer NOT NULL,
    last_error character varying,
    disabled boolean NOT NULL
);

CREATE SEQUENCE source_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE source_id_seq OWNED BY source.id;

CREATE TABLE sourcemute (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    host character varying NOT NULL,
    until timestamp without time zone NOT NULL
);

CREATE SEQUENCE sourcemute_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE sourcemute_id_seq OWNED BY sourcemute.id;

CREATE TABLE story (
    id integer NOT NULL,
    headline character varying NOT NULL,
    first_seen timestamp without time zone NOT NULL,
    last_updated timestamp without time zone NOT NULL,
    article_count integer NOT NULL
);

CREATE SEQUENCE story_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE story_id_seq OWNED BY story.id;

CREATE TABLE storyalert (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    story_id integer NOT NULL,
    sent_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE storyalert_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE storyalert_id_seq OWNED BY storyalert.id;

CREATE TABLE storyfollow (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    story_id integer NOT NULL,
    anchor_message_id integer,
    last_article_id integer NOT NULL,
    last_update_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE storyfollow_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE storyfollow_id_seq OWNED BY storyfollow.id;

CREATE TABLE storymute (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    story_id integer NOT NULL,
    until timestamp without time zone NOT NULL
);

CREATE SEQUENCE storymute_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE storymute_id_seq OWNED BY storymute.id;

CREATE TABLE storyseen (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    story_id integer NOT NULL,
    last_article_id integer NOT NULL,
    seen_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE storyseen_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE storyseen_id_seq OWNED BY storyseen.id;

CREATE TABLE topic (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    query character varying NOT NULL,
    normalized character varying NOT NULL,
    created_at timestamp without time zone NOT NULL,
    message_thread_id integer,
    thread_name character varying,
    instant boolean NOT NULL
);

CREATE SEQUENCE topic_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE topic_id_seq OWNED BY topic.id;

CREATE TABLE topicmatch (
    id integer NOT NULL,
    topic_id integer NOT NULL,
    article_id integer NOT NULL,
    chat_id bigint NOT NULL,
    matched_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE topicmatch_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE topicmatch_id_seq OWNED BY topicmatch.id;

ALTER TABLE ONLY article ALTER COLUMN id SET DEFAULT nextval('article_id_seq'::regclass);

ALTER TABLE ONLY channellink ALTER COLUMN id SET DEFAULT nextval('channellink_id_seq'::regclass);

ALTER TABLE ONLY chatsource ALTER COLUMN id SET DEFAULT nextval('chatsource_id_seq'::regclass);

ALTER TABLE ONLY delivery ALTER COLUMN id SET DEFAULT nextval('delivery_id_seq'::regclass);

ALTER TABLE ONLY misseddigest ALTER COLUMN id SET DEFAULT nextval('misseddigest_id_seq'::regclass);

ALTER TABLE ONLY outbox ALTER COLUMN id SET DEFAULT nextval('outbox_id_seq'::regclass);

ALTER TABLE ONLY source ALTER COLUMN id SET DEFAULT nextval('source_id_seq'::regclass);

ALTER TABLE ONLY sourcemute ALTER COLUMN id SET DEFAULT nextval('sourcemute_id_seq'::regclass);

ALTER TABLE ONLY story ALTER COLUMN id SET DEFAULT nextval('story_id_seq'::regclass);

ALTER TABLE ONLY storyalert ALTER COLUMN id SET DEFAULT nextval('storyalert_id_seq'::regclass);

ALTER TABLE ONLY storyfollow ALTER COLUMN id SET DEFAULT nextval('storyfollow_id_seq'::regclass);

ALTER TABLE ONLY storymute ALTER COLUMN id SET DEFAULT nextval('storymute_id_seq'::regclass);

ALTER TABLE ONLY storyseen ALTER COLUMN id SET DEFAULT nextval('storyseen_id_seq'::regclass);

ALTER TABLE ONLY topic ALTER COLUMN id SET DEFAULT nextval('topic_id_seq'::regclass);

ALTER TABLE ONLY topicmatch ALTER COLUMN id SET DEFAULT nextval('topicmatch_id_seq'::regclass);

ALTER TABLE ONLY article
    ADD CONSTRAINT article_canonical_url_key UNIQUE (canonical_url);

ALTER TABLE ONLY article
    ADD CONSTRAINT article_pkey PRIMARY KEY (id);

ALTER TABLE ONLY channellink
    ADD CONSTRAINT channellink_pkey PRIMARY KEY (id);

ALTER TABLE ONLY chat
    ADD CONSTRAINT chat_pkey PRIMARY KEY (id);

ALTER TABLE ONLY chatsource
    ADD CONSTRAINT chatsource_pkey PRIMARY KEY (id);

ALTER TABLE ONLY delivery
    ADD CONSTRAINT delivery_pkey PRIMARY KEY (id);

ALTER TABLE ONLY misseddigest
    ADD CONSTRAINT misseddigest_pkey PRIMARY KEY (id);

ALTER TABLE ONLY outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);

ALTER TABLE ONLY sendpace
    ADD CONSTRAINT sendpace_pkey PRIMARY KEY (id);

ALTER TABLE ONLY source
    ADD CONSTRAINT source_pkey PRIMARY KEY (id);

ALTER TABLE ONLY source
    ADD CONSTRAINT source_url_key UNIQUE (url);

ALTER TABLE ONLY sourcemute
    ADD CONSTRAINT sourcemute_pkey PRIMARY KEY (id);

ALTER TABLE ONLY story
    ADD CONSTRAINT story_pkey PRIMARY KEY (id);

ALTER TABLE ONLY storyalert
    ADD CONSTRAINT storyalert_pkey PRIMARY KEY (id);

ALTER TABLE ONLY storyfollow
    ADD CONSTRAINT storyfollow_pkey PRIMARY KEY (id);

ALTER TABLE ONLY storymute
    ADD CONSTRAINT storymute_pkey PRIMARY KEY (id);

ALTER TABLE ONLY storyseen
    ADD CONSTRAINT storyseen_pkey PRIMARY KEY (id);

ALTER TABLE ONLY topic
    ADD CONSTRAINT topic_pkey PRIMARY KEY (id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT topicmatch_pkey PRIMARY KEY (id);

ALTER TABLE ONLY storyalert
    ADD CONSTRAINT uq_alert_chat_story UNIQUE (chat_id, story_id);

ALTER TABLE ONLY channellink
    ADD CONSTRAINT uq_channel_link UNIQUE (user_id, channel_id);

ALTER TABLE ONLY chatsource
    ADD CONSTRAINT uq_chat_source UNIQUE (chat_id, source_id);

ALTER TABLE ONLY delivery
    ADD CONSTRAINT uq_delivery_chat_article UNIQUE (chat_id, article_id);

ALTER TABLE ONLY storyfollow
    ADD CONSTRAINT uq_follow_chat_story UNIQUE (chat_id, story_id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT uq_match_topic_article UNIQUE (topic_id, article_id);

ALTER TABLE ONLY storymute
    ADD CONSTRAINT uq_mute_chat_story UNIQUE (chat_id, story_id);

ALTER TABLE ONLY storyseen
    ADD CONSTRAINT uq_seen_chat_story UNIQUE (chat_id, story_id);

ALTER TABLE ONLY sourcemute
    ADD CONSTRAINT uq_source_mute_chat_host UNIQUE (chat_id, host);

ALTER TABLE ONLY topic
    ADD CONSTRAINT uq_topic_chat_query UNIQUE (chat_id, normalized);

CREATE INDEX ix_article_fetched_at ON article USING btree (fetched_at);

CREATE INDEX ix_article_story_id ON article USING btree (story_id);

CREATE INDEX ix_channellink_channel_id ON channellink USING btree (channel_id);

CREATE INDEX ix_channellink_user_id ON channellink USING btree (user_id);

CREATE INDEX ix_chat_next_digest_at ON chat USING btree (next_digest_at);

CREATE INDEX ix_chatsource_chat_id ON chatsource USING btree (chat_id);

CREATE INDEX ix_chatsource_source_id ON chatsource USING btree (source_id);

CREATE INDEX ix_delivery_chat_id ON delivery USING btree (chat_id);

CREATE INDEX ix_misseddigest_chat_id ON misseddigest USING btree (chat_id);

CREATE INDEX ix_outbox_chat_id_id ON outbox USING btree (chat_id, id);

CREATE INDEX ix_outbox_status_id ON outbox USING btree (status, id);

CREATE INDEX ix_source_next_poll_at ON source USING btree (next_poll_at);

CREATE INDEX ix_sourcemute_chat_id ON sourcemute USING btree (chat_id);

CREATE INDEX ix_story_last_updated ON story USING btree (last_updated);

CREATE INDEX ix_storyalert_chat_id ON storyalert USING btree (chat_id);

CREATE INDEX ix_storyfollow_chat_id ON storyfollow USING btree (chat_id);

CREATE INDEX ix_storyfollow_story_id ON storyfollow USING btree (story_id);

CREATE INDEX ix_storymute_chat_id ON storymute USING btree (chat_id);

CREATE INDEX ix_storyseen_chat_id ON storyseen USING btree (chat_id);

CREATE INDEX ix_topic_chat_id ON topic USING btree (chat_id);

CREATE INDEX ix_topicmatch_article_id ON topicmatch USING btree (article_id);

CREATE INDEX ix_topicmatch_chat_id ON topicmatch USING btree (chat_id);

CREATE INDEX ix_topicmatch_topic_id ON topicmatch USING btree (topic_id);

ALTER TABLE ONLY article
    ADD CONSTRAINT article_source_id_fkey FOREIGN KEY (source_id) REFERENCES source(id);

ALTER TABLE ONLY chatsource
    ADD CONSTRAINT chatsource_source_id_fkey FOREIGN KEY (source_id) REFERENCES source(id);

ALTER TABLE ONLY delivery
    ADD CONSTRAINT delivery_article_id_fkey FOREIGN KEY (article_id) REFERENCES article(id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT topicmatch_article_id_fkey FOREIGN KEY (article_id) REFERENCES article(id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT topicmatch_topic_id_fkey FOREIGN KEY (topic_id) REFERENCES topic(id);
INSERT INTO schema_version (version) VALUES (9);
