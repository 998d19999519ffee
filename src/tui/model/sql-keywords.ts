// The words the SQL highlighter colours: keywords of PostgreSQL (PL/pgSQL included), MySQL/MariaDB
// and SQLite as they appear in migrations, and the common column types. Words that are mostly
// column names in practice (name, value, status, data, text-like nouns) are left out, since the
// lexer cannot tell a keyword from a bare identifier and a mis-coloured column reads worse than a
// plain keyword.

const words = (text: string): ReadonlySet<string> => new Set(text.trim().toUpperCase().split(/\s+/));

export const SQL_KEYWORDS = words(`
  abort action add after algorithm all alter always analyze and any array as asc attach
  authorization auto_increment autoincrement before begin between by call cascade case cast
  change charset check checkpoint cluster collate column comment commit concurrently conflict
  constraint constraints copy create cross current_date current_time current_timestamp
  current_user cursor database deallocate declare default deferrable deferred definer delete
  delimiter desc detach distinct do drop each else elsif elseif enable disable end engine enum
  escape except exception exclusive execute exists explain extension false fetch first
  following for force foreign from full function functions generated global grant group
  having if ignore ilike immediate in include index indexes inherits initially inner inout
  insert instead intersect into is isnull join key language last lateral leading leave left
  like limit local lock loop materialized merge modify natural new next no not nothing notify
  notnull null nulls of off offset old on only or order out outer over owned owner partition
  perform policy pragma preceding primary procedure publication raise range recursive
  references referencing refresh reindex release rename repeat replace replica restrict return
  returning returns revoke right role rollback row rows rowid savepoint schema security select
  sequence session set setof share show similar stable statement stored strict table
  tablespace temp temporary then ties to trigger true truncate type unbounded union unique
  unlogged until update usage use using vacuum valid validate values variadic view virtual
  volatile when where while window with within without
`);

export const SQL_TYPES = words(`
  bigint bigserial binary bit blob bool boolean bytea char character cidr citext date datetime
  decimal double float float4 float8 inet int int2 int4 int8 integer interval json jsonb
  longblob longtext macaddr mediumint mediumtext money numeric real serial smallint smallserial
  text time timestamp timestamptz timetz tinyint tinytext tsvector uuid varbinary varchar
  varying xml year zerofill unsigned precision
`);
