/*
 * Fuzz target: the date/time parsers, the API's (gj_time_parse_local) and
 * the importer's (gj_io_parse_time, which also reads 2024/5/1, 1/2/2024,
 * 2024年5月1日). Input: two bytes of time zone offset, one of date format,
 * then the text. Checks: an accepted time is in years 1-9999 and formats
 * to text that parses back to the same second; whatever the API parser
 * accepts the importer reads as the same second.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "fuzz_db.h"
#include "io/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MIN_T (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define MAX_T 253402300799LL   /* 9999-12-31T23:59:59Z */

static void check_round_trip(const char *how, const char *text, int64_t t)
{
    char buf[32], day[11];
    int64_t back = 0, back_day = 0;
    /* A local time near the ends of the range may fall a few hours outside
     * it in UTC; anything further is a parser error. */
    if (t < MIN_T - 86400 || t > MAX_T + 86400) fuzz_fail(how, "time outside years 1-9999");
    if (t < MIN_T || t > MAX_T) return;
    gj_time_format(t, buf);
    if (gj_time_parse(buf, &back) != 0 || back != t) fuzz_fail(how, text);
    gj_date_format(t, day);
    if (gj_time_parse(day, &back_day) != 0 || back_day > t || t - back_day >= 86400)
        fuzz_fail("date of a time does not parse back to its day", text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    int tz, df, api_ok, io_ok;
    int64_t t_api = 0, t_io = 0;
    if (size < 3 || size > 256) return 0;
    /* tz_offset_minutes is a setting limited to -14..+14 hours. */
    tz = (int)((data[0] << 8 | data[1]) % (2 * 840 + 1)) - 840;
    df = data[2] % 4;
    text = fuzz_strndup(data + 3, size - 3);
    api_ok = gj_time_parse_local(text, tz, &t_api) == 0;
    io_ok = gj_io_parse_time(text, df, tz, &t_io) == 0;
    if (api_ok) check_round_trip("API time does not round-trip", text, t_api);
    if (io_ok) check_round_trip("import time does not round-trip", text, t_io);
    if (api_ok && !io_ok) fuzz_fail("the importer refuses a time the API accepts", text);
    if (api_ok && t_api != t_io) fuzz_fail("the importer reads an API time differently", text);
    free(text);
    return 0;
}
