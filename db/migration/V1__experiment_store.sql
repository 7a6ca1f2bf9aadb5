-- Models a user uploaded or ConvLens ships. The file lives in the data directory, named by its hash.
create table model (
    id           varchar(64)  primary key,          -- SHA-256 of the file content
    name         varchar(200) not null,
    format       varchar(16)  not null,              -- DL4J_ZIP or KERAS_H5
    graph        boolean      not null,              -- ComputationGraph (true) or MultiLayerNetwork
    file_name    varchar(200) not null,              -- relative to the models directory
    profile      clob         not null,              -- preprocessing profile, JSON
    built_in     boolean      not null default false,
    created_at   timestamp with time zone not null
);

-- Input images, stored once by content hash, as PNG.
create table image (
    id           varchar(64)  primary key,          -- SHA-256 of the PNG bytes
    name         varchar(200) not null,
    width        int          not null,
    height       int          not null,
    channels     int          not null,
    png          blob         not null,
    created_at   timestamp with time zone not null
);

create table experiment (
    id           varchar(16)  primary key,          -- random, used in permalinks
    model_id     varchar(64)  not null,             -- content hash; the model row may be gone later
    model_name   varchar(200) not null,
    method       varchar(64)  not null,
    params       clob         not null,             -- JSON, as given plus defaults
    status       varchar(16)  not null,             -- RUNNING, DONE, FAILED
    error        varchar(4000),
    summary      clob,                               -- JSON: targets, scores, notes
    source       varchar(16)  not null,             -- UI, CLI, API
    created_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    duration_ms  bigint
);
create index experiment_created on experiment (created_at desc);

create table experiment_image (
    experiment_id varchar(16) not null references experiment (id) on delete cascade,
    position      int         not null,
    image_id      varchar(64) not null references image (id),
    notes         varchar(1000),                    -- how the image was converted for the model
    primary key (experiment_id, position)
);

-- Result arrays: little-endian float32, row-major; written in the same transaction that marks the run DONE.
create table experiment_array (
    experiment_id varchar(16) not null references experiment (id) on delete cascade,
    name          varchar(64) not null,
    position      int         not null,             -- the technique's order; the first is the main array
    shape         varchar(64) not null,             -- e.g. 1,32,28,28
    data          blob        not null,
    primary key (experiment_id, name)
);
