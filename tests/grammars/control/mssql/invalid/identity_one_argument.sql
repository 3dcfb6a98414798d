-- expect: mismatched input ')'
CREATE TABLE t (id INT IDENTITY(1) NOT NULL);
