// System.Threading.Lock arrived in .NET 9; on .NET 8 a plain object is the monitor the lock statement takes.
#if !NET9_0_OR_GREATER
global using Lock = object;
#endif
