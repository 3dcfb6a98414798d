-- expect: Msg 134
DECLARE @schema_1 sysname = N'dbo'
DECLARE @schema_1 sysname = N'dbo'
