/*
 * tenantdb_context: the tenant context of the current transaction, remembered in backend memory.
 *
 * app_private.bind_context() (SECURITY DEFINER, owned by tenantdb_owner) is the only code that
 * makes a context: it resolves the acting person, signs the stamp and sets app.tenant_id,
 * app.user_id and app.context_stamp for the transaction.  Each time it sets them it calls
 * tenantdb_context.remember_bound_context(), which copies the three settings, exactly as they
 * are, into this backend's memory and parses the stamp once.  No client role may execute that
 * function, and no SQL can write this memory.
 *
 * The context accessors (app.current_tenant_id() and the others, SQL functions inlined into the
 * policies; perf/context_cache) ask bound_context_is_remembered(): true when the three settings
 * are now, byte for byte, a context remembered in this same transaction.  Then they read its
 * parsed values with the remembered_*() functions; otherwise they take their rare branch (a
 * superuser's hand-set ids, else 42501).  A hit is a context bind_context() wrote in this
 * transaction: what the SQL accessors established with the binding check and, for
 * tenantdb_client sessions, the HMAC.
 *
 * The memory is emptied at the end of every transaction (commit, abort, prepare), and it also
 * records the transaction's local id, so nothing carries into the next borrower of a pooled
 * connection.  Up to MAX_REMEMBERED contexts per transaction are kept (the audit trigger binds
 * the row's context and restores the caller's; a savepoint may restore an earlier one), the
 * oldest dropped first.  The stamp, which ends with its HMAC, is compared in constant time.
 *
 * The comparison runs once per change of the settings, not once per call (issue 13, session 9:
 * ~0.45 us a call, two calls per accessor, eight for the four learner-data bounds).  The library
 * defines the three settings as custom variables with an assign hook that counts every change
 * PostgreSQL makes to any of them: SET, SET LOCAL, set_config(), RESET, DISCARD, and the values
 * it restores at the end of a transaction, a savepoint or a function with SET clauses.  A lookup
 * whose count is the one of the last comparison, in the same transaction and with the same
 * remembered contexts, reuses that comparison's answer; any change makes the next lookup compare
 * again.  Until the library is loaded the settings are placeholders, and nothing can be remembered
 * before it is loaded (remember_bound_context() is one of its functions).
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_proc_d.h"
#include "catalog/pg_type_d.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "catalog/namespace.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
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
#define FIELD_LEARNER_LO 9			/* 9 to 12: the learner-data bounds */
#define STAMP_FIELDS 13			/* the last one is the HMAC */

#define MAX_REMEMBERED 32

typedef struct RememberedContext
{
	MemoryContext memory;		/* holds everything below */
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

static RememberedContext remembered[MAX_REMEMBERED];
static int	remembered_count = 0;
static LocalTransactionId remembered_lxid = InvalidLocalTransactionId;

/*
 * Changes of the three settings, counted by their assign hook, and the answer of the last full
 * comparison: valid while the count, the local transaction and the remembered contexts are those
 * it was made with (compared_index -1: the settings were no remembered context).
 */
static uint64 settings_changes = 0;
static bool compared_valid = false;
static uint64 compared_changes = 0;
static LocalTransactionId compared_lxid = InvalidLocalTransactionId;
static int	compared_index = -1;

/* Storage of the three settings once the library defines them (the values GetConfigOption reads). */
static char *tenant_setting = NULL;
static char *person_setting = NULL;
static char *stamp_setting = NULL;

void		_PG_init(void);

/* Whatever changed in remembered[]: the last comparison's answer no longer applies. */
static void
forget_comparison(void)
{
	compared_valid = false;
	compared_index = -1;
}

static void
forget_all(void)
{
	int			i;

	for (i = 0; i < remembered_count; i++)
		MemoryContextDelete(remembered[i].memory);
	remembered_count = 0;
	remembered_lxid = InvalidLocalTransactionId;
	forget_comparison();
}

static void
forget_oldest(void)
{
	MemoryContextDelete(remembered[0].memory);
	memmove(&remembered[0], &remembered[1], sizeof(RememberedContext) * (remembered_count - 1));
	remembered_count--;
	forget_comparison();
}

/* The assign hook of the three settings: PostgreSQL calls it for every value it gives them. */
static void
count_setting_change(const char *newval, void *extra)
{
	settings_changes++;
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

/*
 * One of the three settings as a custom variable: user-settable with the NULL boot value of the
 * placeholder PostgreSQL makes for an undefined "app." setting, so current_setting() and SET
 * behave as before, plus the assign hook; listed in pg_settings with a description (a placeholder
 * is not).  A placeholder's values (SET LOCAL by bind_context() before it loaded the library,
 * ALTER ROLE ... SET) are taken over, through the hook.
 */
static void
define_setting(const char *name, const char *what, char **storage)
{
	DefineCustomStringVariable(name, what, NULL, storage, NULL, PGC_USERSET,
							   GUC_NOT_IN_SAMPLE,
							   NULL, count_setting_change, NULL);
}

void
_PG_init(void)
{
	RegisterXactCallback(forget_at_transaction_end, NULL);
	define_setting("app.tenant_id", "The tenant of the current context (set by app.set_context()).", &tenant_setting);
	define_setting("app.user_id", "The acting person of the current context (set by app.set_context()).", &person_setting);
	define_setting("app.context_stamp", "The signed context stamp (set by app.set_context()).", &stamp_setting);
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
	if (compared_valid && compared_changes == settings_changes && compared_lxid == CURRENT_LXID)
		return compared_index < 0 ? NULL : &remembered[compared_index];
	compared_valid = true;
	compared_changes = settings_changes;
	compared_lxid = CURRENT_LXID;
	compared_index = -1;
	stamp = setting("app.context_stamp");
	tenant = setting("app.tenant_id");
	person = setting("app.user_id");
	if (stamp == NULL || tenant == NULL || person == NULL || stamp[0] == '\0')
		return NULL;
	for (i = remembered_count - 1; i >= 0; i--)
	{
		const RememberedContext *c = &remembered[i];

		size_t		length = strlen(c->stamp);

		if (strlen(stamp) == length && timingsafe_bcmp(c->stamp, stamp, length) == 0 &&
			strcmp(c->tenant, tenant) == 0 && strcmp(c->person, person) == 0)
		{
			compared_index = i;
			return c;
		}
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
 * bound context.  Executable by tenantdb_owner only (bind_context() calls it each time it sets
 * the context).  An entry's memory is a child of the transaction's: an error half-way through
 * parsing leaves nothing behind once the transaction ends.
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
	if (remembered_lxid != CURRENT_LXID)
		forget_all();
	if (remembered_count == MAX_REMEMBERED)
		forget_oldest();

	c.memory = AllocSetContextCreate(TopTransactionContext, "tenantdb remembered context", ALLOCSET_SMALL_SIZES);
	caller = MemoryContextSwitchTo(c.memory);
	copy = pstrdup(stamp);
	if (!split_stamp(copy, fields))
	{
		/* Not a stamp bind_context() writes: remember nothing (the accessors answer 42501). */
		MemoryContextSwitchTo(caller);
		MemoryContextDelete(c.memory);
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
	forget_comparison();
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(bound_context_is_remembered);

/* tenantdb_context.bound_context_is_remembered(): true when the accessors answer from memory now. */
Datum
bound_context_is_remembered(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(current_remembered_context() != NULL);
}

/* The remembered context the settings are now; 42501 when there is none (callers check first). */
static const RememberedContext *
remembered_or_error(void)
{
	const RememberedContext *c = current_remembered_context();

	if (c == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("no remembered tenant context in this transaction"),
				 errhint("Begin every transaction with SELECT app.set_context('<tenant uuid>', '<user uuid>') "
						 "(tenantdb_client logins: SELECT app.set_token('<token>')).")));
	return c;
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

PG_FUNCTION_INFO_V1(remembered_tenant_id);

Datum
remembered_tenant_id(PG_FUNCTION_ARGS)
{
	return return_uuid(fcinfo, remembered_or_error()->tenant_id);
}

PG_FUNCTION_INFO_V1(remembered_user_id);

Datum
remembered_user_id(PG_FUNCTION_ARGS)
{
	return return_uuid(fcinfo, remembered_or_error()->person_id);
}

PG_FUNCTION_INFO_V1(remembered_person_role);

Datum
remembered_person_role(PG_FUNCTION_ARGS)
{
	const RememberedContext *c = remembered_or_error();

	if (c->person_role == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(c->person_role)));
}

PG_FUNCTION_INFO_V1(remembered_learner_id);

Datum
remembered_learner_id(PG_FUNCTION_ARGS)
{
	return return_uuid(fcinfo, remembered_or_error()->learner_id);
}

PG_FUNCTION_INFO_V1(remembered_course_ids);

Datum
remembered_course_ids(PG_FUNCTION_ARGS)
{
	return return_array(fcinfo, remembered_or_error()->course_ids);
}

/* The position of `name` in `names`, or -1. */
static int
argument_index_of(const text *name, const char *const *names, int count)
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

/* The position of the first (text) argument in `names`, or -1 (NULL or another name). */
static int
argument_index(FunctionCallInfo fcinfo, const char *const *names, int count)
{
	if (PG_ARGISNULL(0))
		return -1;
	return argument_index_of(PG_GETARG_TEXT_PP(0), names, count);
}

PG_FUNCTION_INFO_V1(remembered_workspace_ids);

/* remembered_workspace_ids(min_member_role): viewer, editor or owner; empty for anything else. */
Datum
remembered_workspace_ids(PG_FUNCTION_ARGS)
{
	static const char *const member_roles[] = {"viewer", "editor", "owner"};
	const RememberedContext *c = remembered_or_error();
	int			i = argument_index(fcinfo, member_roles, 3);

	if (i < 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(UUIDOID));
	return return_array(fcinfo, c->workspace_ids[i]);
}

PG_FUNCTION_INFO_V1(remembered_learner_data_bound);

/*
 * remembered_learner_data_bound(bound): stamp fields 9 to 12, the learner-data bounds
 * (learner_lo, learner_hi, key_hi, staff_own_key); NULL for another name.  Declared by the plan
 * change perf/learner_data_bounds_remembered, not by the extension script.
 */
Datum
remembered_learner_data_bound(PG_FUNCTION_ARGS)
{
	static const char *const bounds[] = {"learner_lo", "learner_hi", "key_hi", "staff_own_key"};
	const RememberedContext *c = remembered_or_error();
	int			i = argument_index(fcinfo, bounds, 4);

	if (i < 0)
		PG_RETURN_NULL();
	return return_uuid(fcinfo, c->learner_data_bounds[i]);
}

/*
 * The rare branch of an accessor, as its SQL body had it: app_private.<function>(argument) run
 * with the caller's rights (its EXECUTE privilege checked, as the executor checks a function a
 * policy names), its result converted from text to the accessor's type where it is text.
 */
static Datum
unbound_value(FunctionCallInfo fcinfo, const char *function, Datum argument, bool argument_isnull)
{
	Oid			argtypes[1] = {TEXTOID};

	/*
	 * By the catalog, not by name resolution: the caller needs no USAGE on app_private (the SQL
	 * body named the function when it was created, as this names it now).
	 */
	Oid			fallback = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid, CStringGetDatum(function),
										   PointerGetDatum(buildoidvector(argtypes, 1)),
										   ObjectIdGetDatum(get_namespace_oid("app_private", false)));
	Oid			rettype = *(Oid *) fcinfo->flinfo->fn_extra;	/* declared_type() checked it */
	Oid			fallback_type;
	AclResult	acl;
	FmgrInfo	flinfo;
	Datum		result;

	LOCAL_FCINFO(call, 1);
	if (!OidIsValid(fallback))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("function app_private.%s(text) does not exist", function)));
	fallback_type = get_func_rettype(fallback);
#if PG_VERSION_NUM >= 160000
	acl = object_aclcheck(ProcedureRelationId, fallback, GetUserId(), ACL_EXECUTE);
#else
	acl = pg_proc_aclcheck(fallback, GetUserId(), ACL_EXECUTE);
#endif
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_FUNCTION, get_func_name(fallback));
	fmgr_info(fallback, &flinfo);
	if (argument_isnull && flinfo.fn_strict)
	{
		fcinfo->isnull = true;
		return (Datum) 0;
	}
	InitFunctionCallInfoData(*call, &flinfo, 1, PG_GET_COLLATION(), NULL, NULL);
	call->args[0].value = argument;
	call->args[0].isnull = argument_isnull;
	result = FunctionCallInvoke(call);
	if (call->isnull)
	{
		fcinfo->isnull = true;
		return (Datum) 0;
	}
	if (fallback_type == rettype)
		return result;
	if (fallback_type == TEXTOID)
	{
		Oid			input;
		Oid			ioparam;

		getTypeInputInfo(rettype, &input, &ioparam);
		return OidInputFunctionCall(input, TextDatumGetCString(result), ioparam, -1);
	}
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("app_private.%s() returns %s, not text or %s", function,
					format_type_be(fallback_type), format_type_be(rettype))));
	return (Datum) 0;			/* not reached */
}

/*
 * The result type the calling declaration has (remembered_uuid, _text or _uuids), looked up once
 * per call site and kept in fn_extra; an error when it is not the type of `field`: a declaration
 * returning text must never hand back a uuid's bytes.
 */
static Oid
declared_type(FunctionCallInfo fcinfo, int field)
{
	static const Oid field_types[] = {UUIDOID, UUIDOID, TEXTOID, UUIDOID, UUIDARRAYOID, UUIDARRAYOID};
	Oid		   *declared = (Oid *) fcinfo->flinfo->fn_extra;

	if (declared == NULL)
	{
		declared = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(Oid));
		*declared = get_func_rettype(fcinfo->flinfo->fn_oid);
		fcinfo->flinfo->fn_extra = declared;
	}
	if (*declared != field_types[field])
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s returns %s, not the %s of this field", get_func_name(fcinfo->flinfo->fn_oid),
						format_type_be(*declared), format_type_be(field_types[field]))));
	return *declared;
}

PG_FUNCTION_INFO_V1(remembered_else_unbound_learner_data_bound);

/*
 * tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound): a learner-data bound
 * of the select policies in one call (issue 13, session 11), as remembered_value() is an accessor
 * in one. When the settings are a remembered context: its stamp field 9 to 12 (learner_lo,
 * learner_hi, key_hi, staff_own_key; NULL for another name), what remembered_learner_data_bound()
 * returns. Otherwise app_private.unbound_visible_learner_ids_bound(bound), run with the caller's
 * rights (EXECUTE checked), what the ELSE branch of the policies' former CASE ran. The CASE named
 * three functions per bound, and the executor set up and checked all three at every start.
 */
Datum
remembered_else_unbound_learner_data_bound(PG_FUNCTION_ARGS)
{
	static const char *const bounds[] = {"learner_lo", "learner_hi", "key_hi", "staff_own_key"};
	const RememberedContext *c;

	declared_type(fcinfo, 0);	/* a uuid, as the fallback's result is converted to */
	c = current_remembered_context();
	if (c != NULL)
	{
		int			i = argument_index(fcinfo, bounds, 4);

		if (i < 0)
			PG_RETURN_NULL();
		return return_uuid(fcinfo, c->learner_data_bounds[i]);
	}
	return unbound_value(fcinfo, "unbound_visible_learner_ids_bound", PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0),
						 PG_ARGISNULL(0));
}

PG_FUNCTION_INFO_V1(remembered_value);

/*
 * tenantdb_context.remembered_uuid / remembered_text / remembered_uuids(field, unbound): an
 * accessor in one call (issue 13, session 9), declared three times for its three result types.
 * When the settings are a remembered context: its field (tenant_id, person_id, person_role,
 * learner_id, course_ids, or workspace_ids, whose member role is `unbound`). Otherwise the rare
 * branch of the accessor's former SQL body: for tenant_id and person_id, NULL when `unbound` is
 * NULL (app.bound_tenant_id()), else app_private.unbound_context_uuid(unbound) (`unbound` names
 * the setting); for the others app_private.unbound_resolved_value(unbound), NULL passed on as the
 * SQL call passed it. A caller reaches no more than the SQL body gave it: the same values, and
 * functions it may execute itself.
 */
Datum
remembered_value(PG_FUNCTION_ARGS)
{
	static const char *const fields[] = {"tenant_id", "person_id", "person_role", "learner_id",
	"course_ids", "workspace_ids"};
	static const char *const member_roles[] = {"viewer", "editor", "owner"};
	int			field = argument_index(fcinfo, fields, 6);
	const RememberedContext *c;

	if (field < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no remembered context field %s", PG_ARGISNULL(0) ? "NULL" : text_to_cstring(PG_GETARG_TEXT_PP(0))),
				 errhint("One of tenant_id, person_id, person_role, learner_id, course_ids, workspace_ids.")));
	declared_type(fcinfo, field);
	c = current_remembered_context();
	if (c != NULL)
	{
		switch (field)
		{
			case 0:
				return return_uuid(fcinfo, c->tenant_id);
			case 1:
				return return_uuid(fcinfo, c->person_id);
			case 2:
				if (c->person_role == NULL)
					PG_RETURN_NULL();
				PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(c->person_role)));
			case 3:
				return return_uuid(fcinfo, c->learner_id);
			case 4:
				return return_array(fcinfo, c->course_ids);
			default:
				{
					int			role = PG_ARGISNULL(1) ? -1 : argument_index_of(PG_GETARG_TEXT_PP(1), member_roles, 3);

					if (role < 0)
						PG_RETURN_ARRAYTYPE_P(construct_empty_array(UUIDOID));
					return return_array(fcinfo, c->workspace_ids[role]);
				}
		}
	}
	if (field <= 1)				/* tenant_id, person_id: NULL is bound_tenant_id()'s no rare branch */
	{
		if (PG_ARGISNULL(1))
			PG_RETURN_NULL();
		return unbound_value(fcinfo, "unbound_context_uuid", PG_GETARG_DATUM(1), false);
	}
	return unbound_value(fcinfo, "unbound_resolved_value", PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1),
						 PG_ARGISNULL(1));
}
