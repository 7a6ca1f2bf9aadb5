-- Uploaded datasets. The files live in the data directory under datasets/{id}; a row exists only once they passed every check.
create table dataset (
    id           varchar(16)  primary key,
    name         varchar(200) not null,
    images       int          not null,
    classes      clob         not null,             -- JSON array of class names, in label order
    concepts     int          not null,             -- concepts in concepts.csv; 0 without masks
    rejected     clob         not null,             -- JSON: the archive entries refused at upload and why
    created_at   timestamp with time zone not null
);
