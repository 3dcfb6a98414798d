-- expect: KEY
CREATE TABLE t (key VARCHAR(10));
