CREATE TABLE article (
    id integer NOT NULL,
    canonical_url text NOT NULL,
    url text NOT NULL,
    title character varying NOT NULL,
    outlet character varying,
    source_id integer,
    published_at timestamp with time zone,
    fetched_at timestamp with time zone NOT NULL,
    text text NOT NULL,
    summary text NOT NULL,
    language character varying,
    text_from character varying NOT NULL,
    story_id integer,
    duplicate_of integer
);

CREATE SEQUENCE article_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE article_id_seq OWNED BY article.id;

CREATE TABLE chat (
    id bigint NOT NULL,
    kind character varying NOT NULL,
    title character varying,
    active boolean NOT NULL,
    digest_enabled boolean NOT NULL,
    digest_time character varying NOT NULL,
    timezone character varying NOT NULL,
    next_digest_at timestamp with time zone,
    last_digest_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL
);

CREATE TABLE delivery (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    article_id integer NOT NULL,
    kind character varying NOT NULL,
    sent_at timestamp with time zone NOT NULL
);

CREATE SEQUENCE delivery_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE delivery_id_seq OWNED BY delivery.id;

CREATE TABLE schema_version (
    version integer NOT NULL
);

CREATE TABLE source (
    id integer NOT NULL,
    url text NOT NULL,
    title character varying,
    builtin boolean NOT NULL,
    added_by_chat_id bigint,
    etag character varying,
    last_modified character varying,
    last_polled_at timestamp with time zone,
    last_success_at timestamp with time zone,
    next_poll_at timestamp with time zone,
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

CREATE TABLE story (
    id integer NOT NULL,
    headline character varying NOT NULL,
    first_seen timestamp with time zone NOT NULL,
    last_updated timestamp with time zone NOT NULL,
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

CREATE TABLE topic (
    id integer NOT NULL,
    chat_id bigint NOT NULL,
    query character varying NOT NULL,
    normalized character varying NOT NULL,
    created_at timestamp with time zone NOT NULL
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
    matched_at timestamp with time zone NOT NULL
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

ALTER TABLE ONLY delivery ALTER COLUMN id SET DEFAULT nextval('delivery_id_seq'::regclass);

ALTER TABLE ONLY source ALTER COLUMN id SET DEFAULT nextval('source_id_seq'::regclass);

ALTER TABLE ONLY story ALTER COLUMN id SET DEFAULT nextval('story_id_seq'::regclass);

ALTER TABLE ONLY topic ALTER COLUMN id SET DEFAULT nextval('topic_id_seq'::regclass);

ALTER TABLE ONLY topicmatch ALTER COLUMN id SET DEFAULT nextval('topicmatch_id_seq'::regclass);

ALTER TABLE ONLY article
    ADD CONSTRAINT article_canonical_url_key UNIQUE (canonical_url);

ALTER TABLE ONLY article
    ADD CONSTRAINT article_pkey PRIMARY KEY (id);

ALTER TABLE ONLY chat
    ADD CONSTRAINT chat_pkey PRIMARY KEY (id);

ALTER TABLE ONLY delivery
    ADD CONSTRAINT delivery_pkey PRIMARY KEY (id);

ALTER TABLE ONLY source
    ADD CONSTRAINT source_pkey PRIMARY KEY (id);

ALTER TABLE ONLY source
    ADD CONSTRAINT source_url_key UNIQUE (url);

ALTER TABLE ONLY story
    ADD CONSTRAINT story_pkey PRIMARY KEY (id);

ALTER TABLE ONLY topic
    ADD CONSTRAINT topic_pkey PRIMARY KEY (id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT topicmatch_pkey PRIMARY KEY (id);

ALTER TABLE ONLY delivery
    ADD CONSTRAINT uq_delivery_chat_article UNIQUE (chat_id, article_id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT uq_match_topic_article UNIQUE (topic_id, article_id);

ALTER TABLE ONLY topic
    ADD CONSTRAINT uq_topic_chat_query UNIQUE (chat_id, normalized);

CREATE INDEX ix_article_fetched_at ON article USING btree (fetched_at);

CREATE INDEX ix_article_story_id ON article USING btree (story_id);

CREATE INDEX ix_chat_next_digest_at ON chat USING btree (next_digest_at);

CREATE INDEX ix_delivery_chat_id ON delivery USING btree (chat_id);

CREATE INDEX ix_source_next_poll_at ON source USING btree (next_poll_at);

CREATE INDEX ix_story_last_updated ON story USING btree (last_updated);

CREATE INDEX ix_topic_chat_id ON topic USING btree (chat_id);

CREATE INDEX ix_topicmatch_article_id ON topicmatch USING btree (article_id);

CREATE INDEX ix_topicmatch_chat_id ON topicmatch USING btree (chat_id);

CREATE INDEX ix_topicmatch_topic_id ON topicmatch USING btree (topic_id);

ALTER TABLE ONLY article
    ADD CONSTRAINT article_source_id_fkey FOREIGN KEY (source_id) REFERENCES source(id);

ALTER TABLE ONLY delivery
    ADD CONSTRAINT delivery_article_id_fkey FOREIGN KEY (article_id) REFERENCES article(id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT topicmatch_article_id_fkey FOREIGN KEY (article_id) REFERENCES article(id);

ALTER TABLE ONLY topicmatch
    ADD CONSTRAINT topicmatch_topic_id_fkey FOREIGN KEY (topic_id) REFERENCES topic(id);
INSERT INTO schema_version (version) VALUES (1);
