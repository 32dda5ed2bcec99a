/*
 * demo_svc.c - the demo county: 青山县公安局 with five stations, their teams, about seventy
 * officers, and the use case that builds it all in one transaction (xa_demo_svc_build).
 *
 * Invariants: every random choice comes from one splitmix64 stream seeded by opts->seed and
 * drawn in a fixed order, so the rows are a function of (seed, days, anchor); the order is
 * units, users, grids and map (demo_map.c), incidents (demo_incident.c, with the calls'
 * words from demo_call.c), then the cases (demo_case.c) and series (demo_series.c).
 * Officers' names are unique, so the dispatch list is unambiguous.
 * This file also holds the stations and the names people are drawn from, which the other
 * files borrow through demo_int.h.
 */
#include "service/demo_svc.h"

#include "base/mem.h"
#include "base/time.h"
#include "core/unit.h"
#include "core/validate.h"
#include "core/vocab.h"
#include "service/auth_svc.h"
#include "service/demo_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the county: stations and names ---- */

static const char *const cg_communities[] = {"东关社区", "鼓楼社区", "南街社区",   "西关社区",
                                             "北街社区", "文昌社区", "解放路社区", "十字街社区"};
static const char *const hd_communities[] = {"幸福社区", "滨河社区", "新华社区", "锦绣社区",
                                             "光明社区", "建设社区", "朝阳社区", "长虹社区"};
static const char *const hd_villages[] = {"王家湾村", "沙洲村"};
static const char *const qt_villages[] = {"桥头村", "张家岭村", "刘家畈村", "大河村",  "新店村",
                                          "龙泉村", "石桥村",   "枫树村",   "周家冲村"};
static const char *const ll_villages[] = {"柳林村",   "杨树湾村", "陈家岗村", "黄泥塘村",
                                          "马鞍山村", "白果树村", "罗家坳村", "梅子垭村",
                                          "胡家台村", "桃园村",   "三星村"};
static const char *const sm_villages[] = {"石门村", "下湾村", "高峰村",   "金盆村",   "双河村",
                                          "凤凰村", "清水村", "田家铺村", "卢家畈村", "五里墩村"};

const struct station_def xa_demo_svc_stations[N_STATIONS] = {
    {'C', "CG", "城关派出所", "城关镇", true, 4, 3, cg_communities, NULL},
    {'H', "HD", "河东派出所", "河东街道", true, 4, 4, hd_communities, hd_villages},
    {'Q', "QT", "桥头派出所", "桥头镇", false, 4, 3, NULL, qt_villages},
    {'L', "LL", "柳林派出所", "柳林乡", false, 4, 4, NULL, ll_villages},
    {'S', "SM", "石门派出所", "石门镇", false, 4, 4, NULL, sm_villages},
};

const char *const xa_demo_svc_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
};
static const char *const given_m[] = {
    "建国", "建华", "国强", "国富", "志强", "志刚", "卫东", "红军", "海峰", "海涛", "永刚",
    "文斌", "晓东", "明",   "伟",   "军",   "勇",   "磊",   "涛",   "斌",   "超",   "鹏",
    "浩",   "杰",   "鑫",   "宇航", "子豪", "俊杰", "浩然", "家豪", "思远", "振华", "德明",
    "春生", "长青", "保国", "立新", "金生", "满仓", "新民", "文华", "小龙", "亮",   "刚",
};
static const char *const given_f[] = {
    "秀英", "桂兰", "玉兰", "秀兰", "丽华", "红梅", "春燕", "海燕", "丽娟", "晓燕",
    "静",   "敏",   "丽",   "娟",   "芳",   "燕",   "婷",   "雪",   "欣怡", "梓涵",
    "雨涵", "诗琪", "佳怡", "慧敏", "淑芬", "美玲", "凤英", "翠兰", "小红", "文静",
};
static const char *const mobile_prefixes[] = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
    "151", "152", "153", "155", "156", "158", "159", "177", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "199",
};

/* ---- people ---- */

const char *xa_demo_svc_name(struct demo *d, struct xa_arena *a, bool male)
{
    /* common surnames are drawn more often */
    size_t si = (size_t)(pow(rnd_unit(&d->rng), 1.7) * (double)N(xa_demo_svc_surnames));
    const char *given = male ? PICK(&d->rng, given_m) : PICK(&d->rng, given_f);
    if (!strncmp(given, xa_demo_svc_surnames[si], strlen(xa_demo_svc_surnames[si])))
        si = (si + 1) % N(xa_demo_svc_surnames); /* not 金金生 */
    return xa_arena_printf(a, "%s%s", xa_demo_svc_surnames[si], given);
}

const char *xa_demo_svc_mobile(struct demo *d, struct xa_arena *a)
{
    return xa_arena_printf(a, "%s%08lld", PICK(&d->rng, mobile_prefixes),
                           (long long)rnd_range(&d->rng, 0, 99999999));
}

const char *xa_demo_svc_id_number(struct demo *d, struct xa_arena *a, int y_lo, int y_hi, bool male)
{
    /* region, birth date, sequence (odd for men), check character */
    static const int wt[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    uint64_t *r = &d->rng;
    char id[32]; /* 18 used; room for what the compiler cannot prove of the ranges */
    unsigned y = (unsigned)rnd_range(r, y_lo, y_hi) % 10000, m = (unsigned)rnd_range(r, 1, 12),
             dd = (unsigned)rnd_range(r, 1, 28),
             seq = (unsigned)rnd_range(r, 0, 498) * 2 + (male ? 1 : 2);
    snprintf(id, sizeof(id), "429021%04u%02u%02u%03u", y, m, dd, seq);
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (id[i] - '0') * wt[i];
    id[17] = check[sum % 11];
    id[18] = '\0';
    return xa_arena_strdup(a, id);
}

bool xa_demo_svc_is_female_name(const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < N(given_f); i++) {
        size_t g = strlen(given_f[i]);
        if (len > g && !strcmp(name + len - g, given_f[i]))
            return true;
    }
    return false;
}

int xa_demo_svc_hour(int64_t t)
{
    return (int)((t + XA_TIME_CN_OFFSET) % DAY_S / HOUR_S);
}

/* ---- organisation ---- */

static int put_unit(struct demo *d, struct xa_unit *u, const struct xa_unit *parent)
{
    struct xa_ctx *ctx = d->ctx;
    u->parent_id = parent ? parent->id : 0;
    int rc = xa_unit_validate(u, parent, &ctx->verr);
    if (rc)
        return rc;
    rc = xa_store_unit_put(d->s, u);
    if (!rc)
        d->sum->n_units++;
    return rc;
}

static int add_units(struct demo *d)
{
    struct xa_arena *a = d->ctx->arena;
    d->bureau = (struct xa_unit){.code = "QS", .name = "青山县公安局", .kind = XA_UNIT_BUREAU};
    int rc = put_unit(d, &d->bureau, NULL);
    for (int k = 0; !rc && k < N_STATIONS; k++) {
        struct station *st = &d->st[k];
        const struct station_def *def = &xa_demo_svc_stations[k];
        st->def = def;
        st->unit = (struct xa_unit){.code = def->code, .name = def->name, .kind = XA_UNIT_STATION};
        rc = put_unit(d, &st->unit, &d->bureau);
        static const struct {
            const char *suffix, *name;
        } teams[] = {{"SQ", "社区警务队"}, {"AJ", "案件办理队"}, {"ZH", "综合指挥室"}};
        struct xa_unit *tu[] = {&st->sq, &st->aj, &st->zh};
        for (size_t i = 0; !rc && i < N(teams); i++) {
            *tu[i] = (struct xa_unit){
                .code = xa_arena_printf(a, "%s_%s", def->code, teams[i].suffix),
                .name = xa_arena_printf(a, "%s%s", def->name, teams[i].name),
                .kind = XA_UNIT_TEAM,
            };
            rc = put_unit(d, tu[i], &st->unit);
        }
    }
    return rc;
}

static int add_user(struct demo *d, const char *username, const char *name, int role,
                    const struct xa_unit *unit, int station, size_t *index_out)
{
    struct xa_ctx *ctx = d->ctx;
    struct xa_arena *a = ctx->arena;
    if (d->n_off == MAX_OFFICERS)
        return XA_EINTERNAL;
    if (!name) {
        /* names of officers are unique, so the dispatch list is unambiguous */
        for (int tries = 0; tries < 50; tries++) {
            name = xa_demo_svc_name(d, a, rnd_chance(&d->rng, 0.82));
            bool taken = false;
            for (size_t i = 0; i < d->n_off && !taken; i++)
                taken = strcmp(d->off[i].name, name) == 0;
            if (!taken)
                break;
        }
    }
    struct xa_user u = {
        .username = username,
        .name = name,
        .role = role,
        .unit_id = unit->id,
        .phone = xa_demo_svc_mobile(d, a),
        .badge = xa_arena_printf(a, "%06lld",
                                 (long long)(310000 + (station + 1) * 10000 +
                                             (int64_t)d->n_off * 97 + rnd_range(&d->rng, 0, 96))),
        .is_active = true,
        .password_hash = d->hash,
        .created_at = d->start - 30 * DAY_S,
    };
    int rc = xa_user_validate(&u, &ctx->verr);
    if (rc)
        return rc;
    rc = xa_store_user_put(d->s, &u);
    if (rc == XA_ECONFLICT)
        return xa_ctx_fail(ctx, XA_ECONFLICT, "username", "taken");
    if (rc)
        return rc;
    d->off[d->n_off] = (struct officer){
        .id = u.id,
        .username = username,
        .name = name,
        .role = role,
        .station = station,
        .unit_name = unit->name,
    };
    if (index_out)
        *index_out = d->n_off;
    d->n_off++;
    d->sum->n_users++;
    return XA_OK;
}

/* Users: at the bureau admin, chief and analyst1; at station k (0-based) leader<k+1>, and the
 * r-th officer of each other role <role><5r+k+1>, so desk1..patrol1.. are at 城关 and
 * desk2, patrol2 at 河东. */
static int add_users(struct demo *d)
{
    struct xa_arena *a = d->ctx->arena;
    int rc = add_user(d, "admin", "系统管理员", XA_ROLE_ADMIN, &d->bureau, -1, NULL);
    if (!rc)
        rc = add_user(d, "chief", NULL, XA_ROLE_LEADER, &d->bureau, -1, NULL);
    if (!rc)
        rc = add_user(d, "analyst1", NULL, XA_ROLE_ANALYST, &d->bureau, -1, NULL);
    for (int k = 0; !rc && k < N_STATIONS; k++) {
        struct station *st = &d->st[k];
        const struct station_def *def = st->def;
#define NAME(role, r) xa_arena_printf(a, "%s%d", role, 5 * (r) + k + 1)
        rc = add_user(d, xa_arena_printf(a, "leader%d", k + 1), NULL, XA_ROLE_LEADER, &st->unit, k,
                      &st->leader);
        for (int r = 0; !rc && r < 2; r++)
            rc = add_user(d, NAME("desk", r), NULL, XA_ROLE_DESK, &st->zh, k,
                          &st->desk[st->n_desk++]);
        for (int r = 0; !rc && r < def->n_patrol; r++)
            rc = add_user(d, NAME("patrol", r), NULL, XA_ROLE_PATROL, &st->unit, k,
                          &st->patrol[st->n_patrol++]);
        for (int r = 0; !rc && r < def->n_community; r++)
            rc = add_user(d, NAME("community", r), NULL, XA_ROLE_COMMUNITY, &st->sq, k,
                          &st->community[st->n_community++]);
        for (int r = 0; !rc && r < 2; r++)
            rc = add_user(d, NAME("investigator", r), NULL, XA_ROLE_INVESTIGATOR, &st->aj, k,
                          &st->investigator[st->n_investigator++]);
        if (!rc)
            rc = add_user(d, xa_arena_printf(a, "analyst%d", k + 2), NULL, XA_ROLE_ANALYST, &st->zh,
                          k, NULL);
#undef NAME
    }
    return rc;
}

/* ---- the summary's logins ---- */

static void list_logins(struct demo *d)
{
    struct xa_demo_summary *sum = d->sum;
    sum->logins = xa_arena_alloc(d->ctx->arena, d->n_off * sizeof(*sum->logins));
    sum->n_logins = 0;
    for (size_t i = 0; i < d->n_off; i++) {
        const struct officer *o = &d->off[i];
        /* admin, chief, analyst1 and the first of each role at each station (<role>1..5) */
        const char *digits = o->username + strcspn(o->username, "0123456789");
        long num = *digits ? strtol(digits, NULL, 10) : 0;
        if (num > (o->role == XA_ROLE_ANALYST ? 1 : N_STATIONS))
            continue;
        sum->logins[sum->n_logins++] = (struct xa_demo_login){
            .username = o->username,
            .name = o->name,
            .role = xa_vocab_code(&xa_vocab_role, o->role),
            .unit_name = o->unit_name,
        };
    }
}

/* ---- the use case ---- */

int xa_demo_svc_build(struct xa_ctx *ctx, const struct xa_demo_opts *opts,
                      struct xa_demo_summary *out)
{
    int rc;
    struct xa_demo_summary sum = {0};
    struct demo *d = NULL;
    char *hash = NULL;
    if (!ctx->actor || ctx->actor->role != XA_ROLE_ADMIN)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    if (opts->days < 1 || opts->days > XA_DEMO_DAYS_MAX)
        xa_verr_add(&ctx->verr, "days", "out_of_range");
    const char *pw_problem = xa_user_password_problem(opts->password ? opts->password : "");
    if (pw_problem)
        xa_verr_add(&ctx->verr, "password", pw_problem);
    if (ctx->verr.n)
        return XA_EVALIDATION;
    rc = xa_auth_svc_hash(ctx->arena, opts->password, &hash);
    if (rc)
        return rc;

    d = xa_xcalloc(1, sizeof(*d));
    d->ctx = ctx;
    d->s = ctx->store;
    xa_arena_init(&d->tmp);
    d->rng = opts->seed;
    d->days = opts->days;
    d->anchor = ctx->now;
    d->start = xa_time_day_start_cn(ctx->now) - (int64_t)opts->days * DAY_S;
    d->hash = hash;
    d->sla = xa_incident_sla_default();
    d->sum = &sum;
    d->hot_cardoor = d->hot_ebike = d->hot_dispute = -1;
    d->ser_cardoor = -1;
    sum.anchor = d->anchor;

    rc = xa_store_begin(d->s, true);
    if (rc)
        goto out;
    struct xa_unit *units;
    size_t n_units;
    rc = xa_store_unit_list(d->s, ctx->arena, &units, &n_units);
    if (rc)
        goto out;
    if (n_units) {
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, "database", "not_empty");
        goto out;
    }
    rc = add_units(d);
    if (!rc)
        rc = add_users(d);
    if (!rc)
        rc = xa_demo_map_build(d);
    if (!rc &&
        (d->hot_cardoor < 0 || d->hot_ebike < 0 || d->hot_dispute < 0 || d->ser_cardoor < 0 ||
         d->ser_dog[1] < 0 || d->ser_dog[2] < 0 || d->ser_school[0] < 0 || d->ser_school[1] < 0))
        rc = XA_EINTERNAL;
    if (!rc)
        rc = xa_demo_incident_build(d);
    if (!rc)
        rc = xa_demo_case_build(d);
    if (!rc)
        rc = xa_ctx_audit(ctx, "demo.create", "unit", d->bureau.id, NULL,
                          xa_arena_printf(ctx->arena,
                                          "{\"seed\":%llu,\"days\":%d,\"units\":%zu,"
                                          "\"grids\":%zu,\"users\":%zu,\"incidents\":%zu,"
                                          "\"cases\":%zu}",
                                          (unsigned long long)opts->seed, opts->days, sum.n_units,
                                          sum.n_grids, sum.n_users, sum.n_incidents, sum.n_cases));
    if (!rc)
        rc = xa_store_commit(d->s);
    if (!rc) {
        list_logins(d);
        *out = sum;
    }
out:
    if (rc)
        xa_store_rollback(d->s);
    xa_arena_release(&d->tmp);
    free(d->leads);
    free(d->rows);
    free(d);
    return rc;
}
