-- expect: Msg 119
EXEC sys.sp_addextendedproperty @name = N'MS_Description', N'x';
