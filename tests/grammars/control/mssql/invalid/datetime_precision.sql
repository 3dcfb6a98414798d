-- expect: mismatched input '('
CREATE TABLE t (a DATETIME(3));
