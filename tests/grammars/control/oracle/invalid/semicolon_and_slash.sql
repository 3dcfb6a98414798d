-- expect: run the previous statement again
CREATE TABLE t (a INTEGER);
/
