/*
 * msg.c - reason word to text.
 */
#include "base/msg.h"

#include <string.h>

struct msg {
    const char *word;
    const char *zh;
    const char *en;
};

static const struct msg msgs[] = {
#define XA_MSG_ROW(word, zh, en) {#word, zh, en},
    XA_MSG_MAP(XA_MSG_ROW)
#undef XA_MSG_ROW
};

const char *xa_msg_text(const char *word, int english)
{
    if (!word)
        return "";
    for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
        if (strcmp(msgs[i].word, word) == 0)
            return english ? msgs[i].en : msgs[i].zh;
    return word;
}
