/*
 * tenantdb_context: the tenant context of the current transaction, remembered in backend memory.
 *
 * app_private.bind_context() (SECURITY DEFINER, owned by tenantdb_owner) is the only code that
 * makes a context: it resolves the acting person, signs the stamp and sets app.tenant_id,
 * app.user_id and app.context_stamp for the transaction.  Its last step calls
 * tenantdb_context.remember_bound_context(), which copies those three settings, exactly as they
 * are, into this backend's memory and parses the stamp's fields once.  No client role may execute
 * that function, and no SQL can write this memory.
 *
 * The accessors the policies call (app.current_tenant_id() and the others the perf/context_cache
 * change points here) then answer with one comparison: when the three settings are, byte for
 * byte, a context remembered in this same transaction, that context is the one bind_context()
 * bound, and its parsed value is returned.  This is the same verdict the SQL accessors reach with
 * the binding check and, for tenantdb_client sessions, the HMAC: a stamp that bind_context()
 * signed in this transaction.  Anything else (nothing remembered, another transaction, a value set
 * by hand, a context rolled back with a savepoint) is a miss, and the accessor calls its SQL twin
 * app_private.<name>_from_stamp(), which decides exactly as before (42501 without a context, the
 * hand-set values of superusers, the HMAC of client sessions).
 *
 * The memory is emptied at the end of every transaction (commit, abort, prepare), and each entry
 * also records the transaction's local id, so nothing carries into the next borrower of a pooled
 * connection.  A few contexts per transaction are kept (the audit trigger binds the row's context
 * and restores the caller's), the oldest dropped first.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type_d.h"
#include "fmgr.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/uuid.h"

PG_MODULE_MAGIC;

#if PG_VERSION_NUM >= 170000
#define CURRENT_LXID (MyProc->vxid.lxid)
#else
#define CURRENT_LXID (MyProc->lxid)
#endif

/* Stamp fields, numbered as split_part() numbers them (docs/security.md, "The context stamp"). */
#define FIELD_PERSON_ROLE 3
#define FIELD_LEARNER_ID 4
#define FIELD_COURSE_IDS 5
#define FIELD_VIEWER_WORKSPACE_IDS 6
#define FIELD_EDITOR_WORKSPACE_IDS 7
#define FIELD_OWNER_WORKSPACE_IDS 8
#define FIELD_LEARNER_LO 9
#define FIELD_LEARNER_HI 10
#define FIELD_KEY_HI 11
#define FIELD_STAFF_OWN_KEY 12
#define STAMP_FIELDS 13			/* the last one is the HMAC */

#define MAX_REMEMBERED 4

typedef struct RememberedContext
{
	/* The three settings exactly as bind_context() left them. */
	char	   *stamp;
	char	   *tenant;
	char	   *person;
	/* Parsed once; a NULL pointer is SQL NULL. */
	pg_uuid_t  *tenant_id;
	pg_uuid_t  *person_id;
	text	   *person_role;
	pg_uuid_t  *learner_id;
	ArrayType  *course_ids;
	ArrayType  *workspace_ids[3];	/* viewer, editor, owner */
	pg_uuid_t  *learner_data_bounds[4];	/* learner_lo, learner_hi, key_hi, staff_own_key */
} RememberedContext;

static MemoryContext remembered_memory = NULL;
static RememberedContext remembered[MAX_REMEMBERED];
static int	remembered_count = 0;
static LocalTransactionId remembered_lxid = InvalidLocalTransactionId;

void		_PG_init(void);

static void
forget_all(void)
{
	remembered_count = 0;
	remembered_lxid = InvalidLocalTransactionId;
	if (remembered_memory != NULL)
		MemoryContextReset(remembered_memory);
}

static void
forget_at_transaction_end(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			forget_all();
			break;
		default:
			break;
	}
}

void
_PG_init(void)
{
	remembered_memory = AllocSetContextCreate(TopMemoryContext, "tenantdb bound contexts",
											  ALLOCSET_SMALL_SIZES);
	RegisterXactCallback(forget_at_transaction_end, NULL);
}

static const char *
setting(const char *name)
{
	return GetConfigOption(name, true, false);
}

/* The remembered context the current settings are, or NULL. */
static const RememberedContext *
current_remembered_context(void)
{
	const char *stamp;
	const char *tenant;
	const char *person;
	int			i;

	if (remembered_count == 0 || remembered_lxid != CURRENT_LXID)
		return NULL;
	stamp = setting("app.context_stamp");
	tenant = setting("app.tenant_id");
	person = setting("app.user_id");
	if (stamp == NULL || tenant == NULL || person == NULL || stamp[0] == '\0')
		return NULL;
	for (i = remembered_count - 1; i >= 0; i--)
	{
		const RememberedContext *c = &remembered[i];

		if (strcmp(c->stamp, stamp) == 0 && strcmp(c->tenant, tenant) == 0 &&
			strcmp(c->person, person) == 0)
			return c;
	}
	return NULL;
}

static pg_uuid_t *
parse_uuid(const char *value)
{
	if (value[0] == '\0')
		return NULL;
	return DatumGetUUIDP(DirectFunctionCall1(uuid_in, CStringGetDatum(value)));
}

static ArrayType *
parse_uuid_array(const char *value)
{
	return DatumGetArrayTypeP(OidInputFunctionCall(F_ARRAY_IN, (char *) (value[0] == '\0' ? "{}" : value),
												   UUIDOID, -1));
}

/* Splits a copy of the stamp at ':' into fields[1..STAMP_FIELDS]; false if it has another shape. */
static bool
split_stamp(char *copy, char **fields)
{
	int			n = 1;
	char	   *p = copy;

	fields[n] = p;
	for (; *p != '\0'; p++)
	{
		if (*p == ':')
		{
			*p = '\0';
			if (++n > STAMP_FIELDS)
				return false;
			fields[n] = p + 1;
		}
	}
	return n == STAMP_FIELDS;
}

PG_FUNCTION_INFO_V1(remember_bound_context);

/*
 * tenantdb_context.remember_bound_context(): remembers the current settings as this transaction's
 * bound context.  Executable by tenantdb_owner only (bind_context() calls it last).
 */
Datum
remember_bound_context(PG_FUNCTION_ARGS)
{
	const char *stamp = setting("app.context_stamp");
	const char *tenant = setting("app.tenant_id");
	const char *person = setting("app.user_id");
	char	   *fields[STAMP_FIELDS + 1];
	char	   *copy;
	RememberedContext c;
	MemoryContext caller;
	int			i;

	if (stamp == NULL || tenant == NULL || person == NULL || stamp[0] == '\0')
		PG_RETURN_VOID();
	if (current_remembered_context() != NULL)
		PG_RETURN_VOID();
	if (remembered_lxid != CURRENT_LXID || remembered_count == MAX_REMEMBERED)
		forget_all();

	caller = MemoryContextSwitchTo(remembered_memory);
	copy = pstrdup(stamp);
	if (!split_stamp(copy, fields))
	{
		/* Not a stamp bind_context() writes: remember nothing, the SQL accessors decide. */
		MemoryContextSwitchTo(caller);
		PG_RETURN_VOID();
	}
	c.stamp = pstrdup(stamp);
	c.tenant = pstrdup(tenant);
	c.person = pstrdup(person);
	c.tenant_id = parse_uuid(tenant);
	c.person_id = parse_uuid(person);
	c.person_role = fields[FIELD_PERSON_ROLE][0] == '\0' ? NULL : cstring_to_text(fields[FIELD_PERSON_ROLE]);
	c.learner_id = parse_uuid(fields[FIELD_LEARNER_ID]);
	c.course_ids = parse_uuid_array(fields[FIELD_COURSE_IDS]);
	for (i = 0; i < 3; i++)
		c.workspace_ids[i] = parse_uuid_array(fields[FIELD_VIEWER_WORKSPACE_IDS + i]);
	for (i = 0; i < 4; i++)
		c.learner_data_bounds[i] = parse_uuid(fields[FIELD_LEARNER_LO + i]);
	MemoryContextSwitchTo(caller);

	remembered[remembered_count++] = c;
	remembered_lxid = CURRENT_LXID;
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(bound_context_is_remembered);

/* tenantdb_context.bound_context_is_remembered(): true when the accessors answer from memory now. */
Datum
bound_context_is_remembered(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(current_remembered_context() != NULL);
}

/*
 * The miss path: calls app_private.<name>(same arguments), the SQL accessor this C function
 * replaced, found once per call site (FmgrInfo kept in fn_extra).  Found in the catalog cache,
 * not by LookupFuncName(), which would check USAGE on app_private: client roles have none, and
 * they call it only through this function, as they called its body inlined before.
 */
static Datum
call_sql_twin(FunctionCallInfo fcinfo, const char *name)
{
	FmgrInfo   *twin = (FmgrInfo *) fcinfo->flinfo->fn_extra;

	LOCAL_FCINFO(call, 1);
	Datum		result;
	int			i;

	Assert(PG_NARGS() <= 1);
	if (twin == NULL)
	{
		Oid			argtypes[1] = {TEXTOID};
		Oid			twin_oid = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid,
											   CStringGetDatum(name),
											   PointerGetDatum(buildoidvector(argtypes, PG_NARGS())),
											   ObjectIdGetDatum(get_namespace_oid("app_private", false)));

		if (!OidIsValid(twin_oid))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FUNCTION),
					 errmsg("tenantdb_context: function app_private.%s is missing", name),
					 errhint("The plan change perf/context_cache creates it; deploy the plan again (tenantdb deploy).")));
		twin = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(FmgrInfo));
		fmgr_info_cxt(twin_oid, twin, fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = twin;
	}
	InitFunctionCallInfoData(*call, twin, PG_NARGS(), PG_GET_COLLATION(), NULL, NULL);
	for (i = 0; i < PG_NARGS(); i++)
		call->args[i] = fcinfo->args[i];
	result = FunctionCallInvoke(call);
	fcinfo->isnull = call->isnull;
	return result;
}

static Datum
return_uuid(FunctionCallInfo fcinfo, const pg_uuid_t *value)
{
	pg_uuid_t  *copy;

	if (value == NULL)
		PG_RETURN_NULL();
	copy = palloc(sizeof(pg_uuid_t));
	memcpy(copy, value, sizeof(pg_uuid_t));
	PG_RETURN_UUID_P(copy);
}

static Datum
return_array(FunctionCallInfo fcinfo, const ArrayType *value)
{
	ArrayType  *copy = palloc(VARSIZE(value));

	memcpy(copy, value, VARSIZE(value));
	PG_RETURN_ARRAYTYPE_P(copy);
}

static int
name_index(text *name, const char *const *names, int count)
{
	int			i;

	for (i = 0; i < count; i++)
	{
		if (VARSIZE_ANY_EXHDR(name) == strlen(names[i]) &&
			memcmp(VARDATA_ANY(name), names[i], strlen(names[i])) == 0)
			return i;
	}
	return -1;
}

PG_FUNCTION_INFO_V1(current_tenant_id);

Datum
current_tenant_id(PG_FUNCTION_ARGS)
{
	const RememberedContext *c = current_remembered_context();

	if (c == NULL)
		return call_sql_twin(fcinfo, "current_tenant_id_from_stamp");
	return return_uuid(fcinfo, c->tenant_id);
}

PG_FUNCTION_INFO_V1(bound_tenant_id);

Datum
bound_tenant_id(PG_FUNCTION_ARGS)
{
	const RememberedContext *c = current_remembered_context();

	if (c == NULL)
		return call_sql_twin(fcinfo, "bound_tenant_id_from_stamp");
	return return_uuid(fcinfo, c->tenant_id);
}

PG_FUNCTION_INFO_V1(current_user_id);

Datum
current_user_id(PG_FUNCTION_ARGS)
{
	const RememberedContext *c = current_remembered_context();

	if (c == NULL)
		return call_sql_twin(fcinfo, "current_user_id_from_stamp");
	return return_uuid(fcinfo, c->person_id);
}

PG_FUNCTION_INFO_V1(resolved_person_role);

Datum
resolved_person_role(PG_FUNCTION_ARGS)
{
	const RememberedContext *c = current_remembered_context();

	if (c == NULL)
		return call_sql_twin(fcinfo, "resolved_person_role_from_stamp");
	if (c->person_role == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(c->person_role)));
}

PG_FUNCTION_INFO_V1(resolved_learner_id);

Datum
resolved_learner_id(PG_FUNCTION_ARGS)
{
	const RememberedContext *c = current_remembered_context();

	if (c == NULL)
		return call_sql_twin(fcinfo, "resolved_learner_id_from_stamp");
	return return_uuid(fcinfo, c->learner_id);
}

PG_FUNCTION_INFO_V1(resolved_course_ids);

Datum
resolved_course_ids(PG_FUNCTION_ARGS)
{
	const RememberedContext *c = current_remembered_context();

	if (c == NULL)
		return call_sql_twin(fcinfo, "resolved_course_ids_from_stamp");
	return return_array(fcinfo, c->course_ids);
}

PG_FUNCTION_INFO_V1(resolved_workspace_ids);

/* resolved_workspace_ids(min_member_role): viewer, editor or owner; empty for anything else. */
Datum
resolved_workspace_ids(PG_FUNCTION_ARGS)
{
	static const char *const member_roles[] = {"viewer", "editor", "owner"};
	const RememberedContext *c = current_remembered_context();
	int			i;

	if (c == NULL)
		return call_sql_twin(fcinfo, "resolved_workspace_ids_from_stamp");
	i = PG_ARGISNULL(0) ? -1 : name_index(PG_GETARG_TEXT_PP(0), member_roles, 3);
	if (i < 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(UUIDOID));
	return return_array(fcinfo, c->workspace_ids[i]);
}

PG_FUNCTION_INFO_V1(resolved_learner_data_bound);

/* resolved_learner_data_bound(bound): learner_lo, learner_hi, key_hi or staff_own_key; NULL else. */
Datum
resolved_learner_data_bound(PG_FUNCTION_ARGS)
{
	static const char *const bounds[] = {"learner_lo", "learner_hi", "key_hi", "staff_own_key"};
	const RememberedContext *c = current_remembered_context();
	int			i;

	if (c == NULL)
		return call_sql_twin(fcinfo, "resolved_learner_data_bound_from_stamp");
	i = PG_ARGISNULL(0) ? -1 : name_index(PG_GETARG_TEXT_PP(0), bounds, 4);
	if (i < 0)
		PG_RETURN_NULL();
	return return_uuid(fcinfo, c->learner_data_bounds[i]);
}
