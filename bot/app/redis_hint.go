package app

import "strings"

// redisHint says what to do about a Redis connection failure, in words the
// commune's IT contact can act on: go-redis often reports only the broken
// connection, not why Redis closed it.
func redisHint(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "DENIED"):
		return "redis is in protected mode: it refuses clients from other hosts while it has no password; set requirepass in Redis and give it to Vigie with redis.password_file or VIGIE_REDIS_PASSWORD"
	case strings.Contains(msg, "NOAUTH"):
		return "redis requires a password: give it to Vigie with redis.password_file or VIGIE_REDIS_PASSWORD"
	case strings.Contains(msg, "WRONGPASS"), strings.Contains(msg, "invalid password"), strings.Contains(msg, "invalid username-password"):
		return "redis refused the password: compare redis.password_file (or VIGIE_REDIS_PASSWORD) with Redis's requirepass"
	case strings.Contains(msg, "broken pipe"), strings.Contains(msg, "connection reset"), strings.Contains(msg, "EOF"):
		return "redis closed the connection: usually protected mode (no password set while Vigie connects from another host or container), a TLS/plain mismatch (rediss:// vs redis://) or maxclients reached; check the Redis server's log"
	case strings.Contains(msg, "connection refused"):
		return "nothing listens at redis.url: is Redis started, and is the address right (redis://redis:6379/0 in Docker compose)?"
	case strings.Contains(msg, "no such host"):
		return "the host in redis.url is unknown: check the name (redis in Docker compose, 127.0.0.1 with systemd)"
	case strings.Contains(msg, "i/o timeout"), strings.Contains(msg, "deadline exceeded"):
		return "redis does not answer in time: a firewall or a network between Vigie and Redis drops the connection"
	case strings.Contains(msg, "OOM"):
		return "redis is full (maxmemory with noeviction): raise maxmemory or shorten the retention"
	}
	return ""
}
