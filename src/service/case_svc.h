/*
 * case_svc.h - cases (案件, docs/cases.md): open, investigate, record property, persons and
 * arrests, solve, transfer; case types and their action templates.
 *
 * Each write is one transaction holding the change, its case event and its audit row. Records
 * outside the actor's units are reported as missing (404). Who may: investigators, leaders and
 * desk officers open cases; the owner investigator or a leader acts on one; leaders assign;
 * analysts read only. Phones and ID numbers of persons come back masked.
 *
 * Every write takes its time from ctx->now, and explicit times (an arrest's at) are checked
 * against it, so a program writing history (the demo county) sets ctx->now to the moment of
 * each step and calls these functions in order. The actor must be a real user of the unit
 * (xa_ctx_cli_actor() is an administrator and may not open cases).
 */
#ifndef XA_CASE_SVC_H
#define XA_CASE_SVC_H

#include "core/case.h"
#include "service/ctx.h"

#define XA_CASE_ATTACHMENT_MAX (8 * 1024 * 1024)

/* A case with everything shown on its page; arena-owned. */
struct xa_case_detail {
    struct xa_case c;
    struct xa_property *property;
    size_t n_property;
    struct xa_case_person *persons;
    size_t n_persons;
    struct xa_arrest *arrests; /* of every person, by time */
    size_t n_arrests;
    struct xa_case_action *actions;
    size_t n_actions;
    struct xa_case_event *events;
    size_t n_events;
    struct xa_attachment *attachments;
    size_t n_attachments;
};

/* What xa_case_svc_person_add answers. */
struct xa_case_person_added {
    struct xa_case_person link; /* with the person, masked */
    bool merged;                /* the ID number was already in the registry */
    struct xa_person_conflict conflicts[XA_PERSON_CONFLICTS_MAX];
    size_t n_conflicts;
};

/* Opens a case (立案). in: type_code (required), nature, is_enterprise, title, summary,
 * incident_id, window_from/to, address, has_location/lat/lon, mo_tags (comma-separated codes),
 * mo_text, owner_id (an investigator of the unit; default the actor when an investigator),
 * unit_id (default the incident's unit, else the actor's station). Address, location and grid
 * default from the incident, whose result gains "已立案 <code>" with an incident event. The
 * type's action templates become actions due at opened_at + due_hours. 422 lists every bad
 * field. *out is the stored case. */
XA_MUST_CHECK int xa_case_svc_open(struct xa_ctx *ctx, const struct xa_case *in,
                                   struct xa_case *out);

/* One case with its property, persons, arrests, actions, events and attachments. */
XA_MUST_CHECK int xa_case_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_case_detail *out);

/* Cases matching f within the actor's scope, with the total before paging. */
XA_MUST_CHECK int xa_case_svc_list(struct xa_ctx *ctx, const struct xa_case_filter *f,
                                   struct xa_case **out, size_t *n, int64_t *total);

/* Transitions: op is XA_CASE_OP_START, SOLVE, SUSPEND, RESUME, DROP, CLOSE or TRANSFER
 * (409 "illegal_transition"; 422 reason "reason_required" for solve without a suspect, suspend
 * and drop). *out is the updated case. */
XA_MUST_CHECK int xa_case_svc_transition(struct xa_ctx *ctx, int64_t id, int op, const char *reason,
                                         struct xa_case *out);

/* Hands the case to another investigator of its unit (leader only). */
XA_MUST_CHECK int xa_case_svc_assign(struct xa_ctx *ctx, int64_t id, int64_t owner_id,
                                     struct xa_case *out);

/* Adds an investigation action (name defaults to the kind's label, due_at 0 = none). */
XA_MUST_CHECK int xa_case_svc_action_add(struct xa_ctx *ctx, int64_t case_id, int kind,
                                         const char *name, int64_t due_at,
                                         struct xa_case_action *out);
/* Marks an action done at ctx->now with its result (required); the first done action starts
 * an opened case, the first done linkage action meets the analysis deadline. 409 when the
 * action is done already. */
XA_MUST_CHECK int xa_case_svc_action_done(struct xa_ctx *ctx, int64_t case_id, int64_t action_id,
                                          const char *result, struct xa_case_action *out);

/* Property: add a lost item (owner_person_id optional), mark it found (lost -> found, with the
 * holder it was found with) and returned (found -> returned); 409 otherwise. */
XA_MUST_CHECK int xa_case_svc_property_add(struct xa_ctx *ctx, int64_t case_id,
                                           const struct xa_property *in, struct xa_property *out);
XA_MUST_CHECK int xa_case_svc_property_found(struct xa_ctx *ctx, int64_t property_id,
                                             int64_t holder_person_id, const char *note,
                                             struct xa_property *out);
XA_MUST_CHECK int xa_case_svc_property_return(struct xa_ctx *ctx, int64_t property_id,
                                              struct xa_property *out);
/* Every item with this serial (case-insensitive) in cases within the actor's scope. */
XA_MUST_CHECK int xa_case_svc_property_search(struct xa_ctx *ctx, const char *serial,
                                              struct xa_property **out, size_t *n);

/* Adds a person to a case in a role: in->person.id names a registered person, else the
 * person's fields are given (an ID number already registered merges into that person). */
XA_MUST_CHECK int xa_case_svc_person_add(struct xa_ctx *ctx, int64_t case_id,
                                         const struct xa_case_person *in,
                                         struct xa_case_person_added *out);

/* Records an arrest of a suspect of the case at time at (not in the future). */
XA_MUST_CHECK int xa_case_svc_arrest(struct xa_ctx *ctx, int64_t case_id, int64_t person_id,
                                     int64_t at, int measure, struct xa_arrest *out);

/* Stores a file (JPEG, PNG, PDF or plain text, checked from its bytes; at most
 * XA_CASE_ATTACHMENT_MAX) once by SHA-256 under data_dir ("<db>.files") and links it to the
 * case (and action_id when not 0). 413 too big, 415 another type. */
XA_MUST_CHECK int xa_case_svc_attach(struct xa_ctx *ctx, const char *data_dir, int64_t case_id,
                                     int64_t action_id, const char *name, const void *data,
                                     size_t len, struct xa_attachment *out);
/* An attachment of a case in scope, and the path of its file (arena-owned). */
XA_MUST_CHECK int xa_case_svc_attachment_get(struct xa_ctx *ctx, const char *data_dir, int64_t id,
                                             struct xa_attachment *out, const char **path_out);

/* Overdue open cases per (unit, step) within the actor's scope. */
XA_MUST_CHECK int xa_case_svc_overdue(struct xa_ctx *ctx, struct xa_count_row **out, size_t *n);

/* Case types with their MO tags, and MO tags (vocabulary: no login needed); adding a type
 * (admin; parent code optional). */
XA_MUST_CHECK int xa_case_svc_types(struct xa_ctx *ctx, struct xa_case_type **out, size_t *n);
XA_MUST_CHECK int xa_case_svc_type_add(struct xa_ctx *ctx, const struct xa_case_type *in,
                                       struct xa_case_type *out);
XA_MUST_CHECK int xa_case_svc_mo_tags(struct xa_ctx *ctx, struct xa_mo_tag **out, size_t *n);
/* The action templates a new case of type_id receives; replacing the type's own (admin). */
XA_MUST_CHECK int xa_case_svc_templates(struct xa_ctx *ctx, int64_t type_id,
                                        struct xa_action_template **out, size_t *n);
XA_MUST_CHECK int xa_case_svc_templates_set(struct xa_ctx *ctx, int64_t type_id,
                                            const struct xa_action_template *v, size_t n);

/* Masks a person's phone and ID number in place (arena copies). */
void xa_case_svc_mask_person(struct xa_ctx *ctx, struct xa_person *p);

#endif
