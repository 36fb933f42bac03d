/*
 * Runs a fuzz target over files without libFuzzer: the build with gcc (and
 * its ASan build) replays the committed corpus and the regression inputs
 * of every target as an ordinary test. Arguments are files or directories
 * (every regular file in them, in name order). Exit 0 when every input ran;
 * a failing input aborts (the target's checks) with its name printed first.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;
    if (!f) { perror(path); return 1; }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) goto fail;
    if (!(buf = malloc((size_t)n + 1))) goto fail;
    if (n && fread(buf, 1, (size_t)n, f) != (size_t)n) goto fail;
    fclose(f);
    fprintf(stderr, "replay: %s (%ld bytes)\n", path, n);
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    free(buf);
    return 0;
fail:
    perror(path);
    fclose(f);
    free(buf);
    return 1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, int *count)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int bad = 0;
    if (stat(path, &st) != 0) { perror(path); return 1; }
    if (!S_ISDIR(st.st_mode)) { (*count)++; return run_file(path); }
    if (!(d = opendir(path))) { perror(path); return 1; }
    while ((e = readdir(d))) {
        char *full;
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            char **g = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *g);
            if (!g) { bad = 1; break; }
            names = g;
        }
        if (!(full = malloc(strlen(path) + strlen(e->d_name) + 2))) { bad = 1; break; }
        sprintf(full, "%s/%s", path, e->d_name);
        names[n++] = full;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n; i++) {
        if (!bad && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            (*count)++;
            bad |= run_file(names[i]);
        }
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    int i, bad = 0, count = 0;
    for (i = 1; i < argc; i++) bad |= run_path(argv[i], &count);
    fprintf(stderr, "replay: %d inputs%s\n", count, bad ? ", some unreadable" : "");
    return bad || count == 0;
}
