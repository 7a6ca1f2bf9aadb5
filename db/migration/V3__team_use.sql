-- Team use: names, tags and notes on experiments, their owner, share links, users, lessons.
alter table experiment add column title varchar(200);
alter table experiment add column notes varchar(10000);
alter table experiment add column owner varchar(100);
alter table experiment add column layer varchar(200);              -- the layer parameter, for filtering
update experiment set layer = regexp_substr(params, '"layer":"([^"]*)"', 1, 1, '', 1);
create index experiment_method on experiment (method, created_at desc);
create index experiment_model on experiment (model_id, created_at desc);
create index experiment_status on experiment (status, created_at desc);
create index experiment_layer on experiment (layer, created_at desc);

create table experiment_tag (
    experiment_id varchar(16) not null references experiment (id) on delete cascade,
    tag           varchar(64) not null,
    primary key (experiment_id, tag)
);
create index experiment_tag_name on experiment_tag (tag);

-- Read-only links /s/{token}: 256 random bits, base64url. A revoked link answers 404 like one that never existed.
create table share_link (
    token         varchar(64)  primary key,
    experiment_id varchar(16)  not null references experiment (id) on delete cascade,
    created_by    varchar(100),
    created_at    timestamp with time zone not null,
    revoked_at    timestamp with time zone
);
create index share_link_experiment on share_link (experiment_id);

-- Team mode accounts; passwords as BCrypt hashes.
create table app_user (
    username      varchar(100) primary key,
    password_hash varchar(100) not null,
    admin         boolean      not null,
    created_at    timestamp with time zone not null
);

-- Lessons for classroom mode: an ordered list of experiments with captions.
create table lesson (
    id            varchar(16)  primary key,
    title         varchar(200) not null,
    owner         varchar(100),
    created_at    timestamp with time zone not null
);
create table lesson_item (
    lesson_id     varchar(16)  not null references lesson (id) on delete cascade,
    position      int          not null,
    experiment_id varchar(16)  not null references experiment (id) on delete cascade,
    caption       varchar(2000),
    primary key (lesson_id, position)
);
