using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace CodexHelper.Proxy.Hosting;

/// <summary>
/// Kestrel's own pool hands out 4 KiB blocks, so a 100 KB request body costs some 25 receive syscalls.
/// Clients send 40 KB–1 MB per turn; 64 KiB blocks read the same body in 2. Blocks come from
/// <see cref="ArrayPool{T}.Shared"/>, so idle connections (Kestrel waits for data before renting) hold none.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) =>
        new Block(ArrayPool<byte>.Shared.Rent(minBufferSize <= BlockSize ? BlockSize : minBufferSize));

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } a)
            {
                ArrayPool<byte>.Shared.Return(a);
            }
        }
    }
}

internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
