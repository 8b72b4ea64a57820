package redistest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func waitRewrite(t *testing.T, c *redis.Client) {
	t.Helper()
	for i := 0; i < 200; i++ {
		info, err := c.Info(context.Background(), "persistence").Result()
		if err == nil && strings.Contains(info, "aof_rewrite_in_progress:0") && !strings.Contains(info, "aof_rewrite_scheduled:1") {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("AOF rewrite did not finish")
}
