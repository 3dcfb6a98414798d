-- expect: MAX
CREATE TABLE t (a CHAR(MAX));
