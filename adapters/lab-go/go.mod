module labadapter

go 1.19
