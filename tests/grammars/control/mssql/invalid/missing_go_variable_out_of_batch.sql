-- expect: Msg 137
DECLARE @schema_1 sysname = N'dbo'
GO
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'x', @level0type = N'SCHEMA', @level0name = @schema_1;
