-- expect: mismatched input 'IDENTITY'
CREATE TABLE t (id IDENTITY(1,1) INT NOT NULL);
