using System.Threading.Channels;
using Wharf.Api.Models;

namespace Wharf.Engine.Events;

/// <summary>Publishes engine events to /events subscribers and keeps the recent ones for <c>since</c>.</summary>
public sealed class EventBus
{
    private const int History = 1024;
    private readonly LinkedList<EventMessage> _recent = new();
    private readonly List<Channel<EventMessage>> _subscribers = [];
    private readonly object _lock = new();

    public int SubscriberCount { get { lock (_lock) return _subscribers.Count; } }

    public void Publish(string type, string action, string id, Dictionary<string, string>? attributes = null)
    {
        var now = DateTime.UtcNow;
        long nanos = (now - DateTime.UnixEpoch).Ticks * 100;
        var e = new EventMessage
        {
            Type = type, Action = action, Actor = new EventActor { ID = id, Attributes = attributes ?? [] },
            Time = nanos / 1_000_000_000, TimeNano = nanos,
        };
        lock (_lock)
        {
            _recent.AddLast(e);
            if (_recent.Count > History) _recent.RemoveFirst();
            foreach (var s in _subscribers) s.Writer.TryWrite(e);
        }
    }

    /// <summary>Past events (from <paramref name="sinceNanos"/>) and a channel of live ones; dispose the subscription to stop.</summary>
    public (List<EventMessage> Past, Channel<EventMessage> Live) Subscribe(long? sinceNanos)
    {
        var ch = Channel.CreateUnbounded<EventMessage>();
        lock (_lock)
        {
            var past = sinceNanos is { } s ? _recent.Where(e => e.TimeNano >= s).ToList() : [];
            _subscribers.Add(ch);
            return (past, ch);
        }
    }

    public void Unsubscribe(Channel<EventMessage> ch)
    {
        lock (_lock) _subscribers.Remove(ch);
    }
}
