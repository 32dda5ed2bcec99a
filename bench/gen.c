/*
 * gen.c - seeded generator of realistic incidents as CSV in the format of
 * `xiaoan import incidents` (service/import_svc.h), for bench/run.sh.
 *
 *   gen N SEED > incidents.csv
 *
 * N incidents over two years (2024-01-01 .. 2025-12-31, Asia/Shanghai), in time order, among
 * the demo county's five stations (城关 busiest), with its categories and channels in
 * realistic shares, a daily rhythm (quiet at 4 am, busy in the evening), weekends and summer
 * a little busier, places clustered around each station's town centre. Codes are
 * "<station>-<yyyymmdd>-<seq>" as Xiao'an gives them. Same N and SEED, same bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAYS 731
#define T_START INT64_C(1704038400) /* 2024-01-01 00:00 Shanghai */

static uint64_t state;

static uint64_t rnd(void)
{
    uint64_t z = (state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static double unif(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

static double gauss(void)
{
    return sqrt(-2 * log(unif() + 1e-300)) * cos(6.283185307179586 * unif());
}

static int pick(const double *w, int n)
{
    double u = unif(), s = 0;
    for (int i = 0; i < n; i++)
        if (u < (s += w[i]))
            return i;
    return n - 1;
}

static const struct {
    const char *code, *town;
    double share, lat, lon, spread;
} st[] = {
    {"CG", "城关镇", 0.34, 30.600, 114.300, 0.012},
    {"HD", "河东街道", 0.24, 30.595, 114.335, 0.015},
    {"QT", "桥头镇", 0.16, 30.700, 114.330, 0.030},
    {"LL", "柳林乡", 0.12, 30.610, 114.180, 0.035},
    {"SM", "石门镇", 0.14, 30.500, 114.330, 0.035},
};
static const char *const cat[] = {"help",     "dispute",   "public_order", "traffic",
                                  "criminal", "complaint", "fire",         "other"};
static const double cat_w[] = {0.30, 0.20, 0.15, 0.12, 0.10, 0.06, 0.02, 0.05};
static const char *const chan[] = {"phone", "walk_in", "online", "patrol", "visit", "bank"};
static const double chan_w[] = {0.80, 0.08, 0.05, 0.04, 0.02, 0.01};
static const char *const what[] = {
    "报警称邻里因噪音发生纠纷", "报警称电动车被盗", "报警称有人酒后滋事", "报警称两车刮擦",
    "求助称老人走失",           "报警称家中被盗",   "举报有人占道经营",   "报警称楼道冒烟",
    "报警称遭遇电信诈骗",       "报警称有人打架",   "求助称钥匙锁在车内", "报警称工地噪音扰民",
};
static const char *const street[] = {"人民路", "解放路", "建设路", "文昌路", "中山路",
                                     "新华路", "滨河路", "光明路", "朝阳路", "胜利街"};
/* Calls by hour of day (Shanghai), relative. */
static const double hour_w[24] = {3, 2,   1.5, 1, 1,   1.2, 2, 3.5, 5, 5.5, 6,   6,
                                  6, 5.5, 5.5, 6, 6.5, 7,   8, 8.5, 8, 7,   5.5, 4};

static int by_t(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen N SEED\n");
        return 2;
    }
    long long n = atoll(argv[1]);
    state = strtoull(argv[2], NULL, 10);
    double day_w[DAYS], sum = 0, hw[24], hs = 0;
    for (int d = 0; d < DAYS; d++) {
        int wd = (d + 0) % 7; /* 2024-01-01 is a Monday: 5, 6 are the weekend */
        double season = 1 + 0.15 * sin(6.283185307179586 * (d % 365 - 100) / 365.0);
        day_w[d] = season * (wd >= 5 ? 1.15 : 1.0) * (d >= 366 ? 1.05 : 1.0);
        sum += day_w[d];
    }
    for (int h = 0; h < 24; h++)
        hs += hour_w[h];
    for (int h = 0; h < 24; h++)
        hw[h] = hour_w[h] / hs;
    double st_w[5];
    for (int i = 0; i < 5; i++)
        st_w[i] = st[i].share;
    static char out[1 << 16];
    setvbuf(stdout, out, _IOFBF, sizeof(out));
    printf("code,unit,channel,category,priority,received_at,occurred_at,lat,lon,address,"
           "narrative,status\n");
    long long done = 0;
    double acc = 0;
    int64_t *t = NULL;
    size_t cap = 0;
    for (int d = 0; d < DAYS; d++) {
        acc += day_w[d] / sum * (double)n;
        long long k = d == DAYS - 1 ? n - done : (long long)acc - done;
        if (k <= 0)
            continue;
        if ((size_t)k > cap) {
            cap = (size_t)k * 2;
            t = realloc(t, cap * sizeof(*t));
        }
        for (long long i = 0; i < k; i++)
            t[i] = T_START + (int64_t)d * 86400 + pick(hw, 24) * 3600 + (int64_t)(unif() * 3600);
        qsort(t, (size_t)k, sizeof(*t), by_t);
        int seq[5] = {0};
        int64_t local = T_START + (int64_t)d * 86400 + 8 * 3600; /* any time of the day, UTC */
        time_t tt = (time_t)local;
        struct tm tm;
        gmtime_r(&tt, &tm);
        int ymd = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
        for (long long i = 0; i < k; i++) {
            int s = pick(st_w, 5), c = pick(cat_w, 8), ch = pick(chan_w, 6);
            int prio = c == 4 || c == 6 ? 1 + (int)(rnd() % 2) : 2 + (int)(rnd() % 3);
            double lat = st[s].lat + st[s].spread * gauss(),
                   lon = st[s].lon + st[s].spread * gauss();
            int64_t occ = unif() < 0.3 ? t[i] - (int64_t)(unif() * 7200) : 0;
            const char *w = what[rnd() % (sizeof(what) / sizeof(what[0]))];
            const char *strt = street[rnd() % 10];
            int no = 1 + (int)(rnd() % 300);
            printf("%s-%08d-%04d,%s,%s,%s,%d,%lld,", st[s].code, ymd, ++seq[s], st[s].code,
                   chan[ch], cat[c], prio, (long long)t[i]);
            if (occ)
                printf("%lld", (long long)occ);
            printf(",%.6f,%.6f,%s%s%d号,%s%s%d号附近%s,closed\n", lat, lon, st[s].town, strt, no,
                   st[s].town, strt, no, w);
        }
        done += k;
    }
    free(t);
    return 0;
}
