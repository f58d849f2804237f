// Fixture tool for fess's MetaImage tests, built against ITK (Debian libinsighttoolkit5-dev).
//   itk_metaimage make OUT TYPE NX NY NZ COMPONENTS COMPRESS SX SY SZ OX OY OZ D00 D01 D02 D10 ... D22 [NT]
//     writes an image with ITK's ImageFileWriter (MetaImageIO); D is ITK's direction matrix, row-major.
//     Values: a deterministic pattern spanning the type's range (see value()).
//   itk_metaimage time IN REPS
//     reads IN with ITK's ImageIO 2 times untimed, then REPS times; prints "itk read <median wall ms> <median
//     thread-CPU ms>" (bench/metaimage).
//   itk_metaimage dump IN FLOATS
//     reads IN with ITK's ImageIO and prints JSON: ITK's geometry (LPS), component type, sizes, and statistics;
//     writes every value as little-endian float32 to FLOATS in fess's order (i fastest, channel slowest, a 4th
//     dimension counting as channels: channel = t * components + c).
#include "itkImage.h"
#include "itkVectorImage.h"
#include "itkImageFileWriter.h"
#include "itkImageIOFactory.h"
#include "itkImageIOBase.h"
#include "itkImageRegionIteratorWithIndex.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <limits>
#include <string>
#include <vector>

template <typename T>
T value(long i, long j, long k, long t, long c)
{
  long n = i + 3 * j + 7 * k + 11 * t + 5 * c;
  if (std::numeric_limits<T>::is_integer)
  {
    double lo = (double)std::numeric_limits<T>::min();
    double hi = (double)std::numeric_limits<T>::max();
    if (n % 9 == 0) return std::numeric_limits<T>::max();
    if (n % 9 == 1) return std::numeric_limits<T>::min();
    double span = hi - lo;
    double f = std::fmod(n * 0.6180339887498949, 1.0);
    double v = lo + std::floor(f * span);
    if (v > hi) v = hi;
    return (T)v;
  }
  return (T)((n % 17) * 1.375 - 9.0 + n * 1e-3);
}

template <typename T, unsigned D>
int make(int argc, char ** argv)
{
  const char * out = argv[2];
  long nx = atol(argv[4]), ny = atol(argv[5]), nz = atol(argv[6]);
  unsigned comps = (unsigned)atoi(argv[7]);
  bool compress = atoi(argv[8]) != 0;
  double sp[3], org[3], dir[9];
  for (int a = 0; a < 3; a++) sp[a] = atof(argv[9 + a]);
  for (int a = 0; a < 3; a++) org[a] = atof(argv[12 + a]);
  for (int a = 0; a < 9; a++) dir[a] = atof(argv[15 + a]);
  long nt = argc > 24 ? atol(argv[24]) : 1;
  using ImageType = itk::VectorImage<T, D>;
  auto img = ImageType::New();
  typename ImageType::SizeType size;
  typename ImageType::SpacingType spacing;
  typename ImageType::PointType origin;
  typename ImageType::DirectionType direction;
  direction.SetIdentity();
  long dims[4] = {nx, ny, nz, nt};
  for (unsigned a = 0; a < D; a++)
  {
    size[a] = dims[a];
    spacing[a] = a < 3 ? sp[a] : 1.0;
    origin[a] = a < 3 ? org[a] : 0.0;
  }
  for (unsigned r = 0; r < D && r < 3; r++)
    for (unsigned c = 0; c < D && c < 3; c++) direction[r][c] = dir[r * 3 + c];
  typename ImageType::RegionType region;
  region.SetSize(size);
  img->SetRegions(region);
  img->SetNumberOfComponentsPerPixel(comps);
  img->SetSpacing(spacing);
  img->SetOrigin(origin);
  img->SetDirection(direction);
  img->Allocate();
  itk::ImageRegionIteratorWithIndex<ImageType> it(img, region);
  for (it.GoToBegin(); !it.IsAtEnd(); ++it)
  {
    auto idx = it.GetIndex();
    itk::VariableLengthVector<T> px(comps);
    for (unsigned c = 0; c < comps; c++)
      px[c] = value<T>(idx[0], D > 1 ? idx[1] : 0, D > 2 ? idx[2] : 0, D > 3 ? idx[3] : 0, c);
    it.Set(px);
  }
  auto w = itk::ImageFileWriter<ImageType>::New();
  w->SetFileName(out);
  w->SetInput(img);
  w->SetUseCompression(compress);
  w->Update();
  return 0;
}

template <typename T>
int makeDims(int argc, char ** argv)
{
  long nz = atol(argv[6]);
  if (argc > 24) return make<T, 4>(argc, argv);
  if (nz == 0) return make<T, 2>(argc, argv);
  return make<T, 3>(argc, argv);
}

template <typename T>
void toDouble(const char * buf, size_t n, std::vector<double> & out)
{
  const T * p = reinterpret_cast<const T *>(buf);
  for (size_t i = 0; i < n; i++) out[i] = (double)p[i];
}

int dump(char ** argv)
{
  const char * in = argv[2];
  auto io = itk::ImageIOFactory::CreateImageIO(in, itk::ImageIOFactory::FileModeEnum::ReadMode);
  if (!io) { fprintf(stderr, "ITK cannot read %s\n", in); return 1; }
  io->SetFileName(in);
  io->ReadImageInformation();
  unsigned nd = io->GetNumberOfDimensions();
  unsigned comps = io->GetNumberOfComponents();
  itk::ImageIORegion region(nd);
  size_t pixels = 1;
  for (unsigned a = 0; a < nd; a++) { region.SetIndex(a, 0); region.SetSize(a, io->GetDimensions(a)); pixels *= io->GetDimensions(a); }
  io->SetIORegion(region);
  std::vector<char> buf(io->GetImageSizeInBytes());
  io->Read(buf.data());
  size_t n = pixels * comps;
  std::vector<double> v(n);
  using C = itk::ImageIOBase::IOComponentEnum;
  switch (io->GetComponentType())
  {
    case C::CHAR: toDouble<signed char>(buf.data(), n, v); break;
    case C::UCHAR: toDouble<unsigned char>(buf.data(), n, v); break;
    case C::SHORT: toDouble<short>(buf.data(), n, v); break;
    case C::USHORT: toDouble<unsigned short>(buf.data(), n, v); break;
    case C::INT: toDouble<int>(buf.data(), n, v); break;
    case C::UINT: toDouble<unsigned int>(buf.data(), n, v); break;
    case C::LONG: toDouble<long>(buf.data(), n, v); break;
    case C::ULONG: toDouble<unsigned long>(buf.data(), n, v); break;
    case C::LONGLONG: toDouble<long long>(buf.data(), n, v); break;
    case C::ULONGLONG: toDouble<unsigned long long>(buf.data(), n, v); break;
    case C::FLOAT: toDouble<float>(buf.data(), n, v); break;
    case C::DOUBLE: toDouble<double>(buf.data(), n, v); break;
    default: fprintf(stderr, "unsupported component type\n"); return 1;
  }
  // fess order: value (voxel p, component c) goes to p % spatial + spatial * ((p / spatial) * comps + c)
  size_t spatial = 1;
  for (unsigned a = 0; a < nd && a < 3; a++) spatial *= io->GetDimensions(a);
  std::vector<float> f(n);
  double sum = 0, lo = INFINITY, hi = -INFINITY;
  for (size_t e = 0; e < n; e++)
  {
    size_t p = e / comps, c = e % comps;
    f[p % spatial + spatial * ((p / spatial) * comps + c)] = (float)v[e];
    sum += v[e];
    if (v[e] < lo) lo = v[e];
    if (v[e] > hi) hi = v[e];
  }
  FILE * fo = fopen(argv[3], "wb");
  fwrite(f.data(), sizeof(float), n, fo);
  fclose(fo);
  printf("{\"itk_version\": \"%s\", \"component_type\": \"%s\", \"components\": %u, \"size\": [",
         ITK_VERSION_STRING, itk::ImageIOBase::GetComponentTypeAsString(io->GetComponentType()).c_str(), comps);
  for (unsigned a = 0; a < nd; a++) printf("%s%lu", a ? ", " : "", (unsigned long)io->GetDimensions(a));
  printf("], \"spacing\": [");
  for (unsigned a = 0; a < nd; a++) printf("%s%.17g", a ? ", " : "", io->GetSpacing(a));
  printf("], \"origin\": [");
  for (unsigned a = 0; a < nd; a++) printf("%s%.17g", a ? ", " : "", io->GetOrigin(a));
  printf("], \"direction\": [");
  for (unsigned r = 0; r < nd; r++)
  {
    printf("%s[", r ? ", " : "");
    for (unsigned c = 0; c < nd; c++) printf("%s%.17g", c ? ", " : "", io->GetDirection(c)[r]);
    printf("]");
  }
  printf("], \"sum\": %.17g, \"min\": %.17g, \"max\": %.17g}\n", sum, lo, hi);
  return 0;
}

int timeRead(char ** argv)
{
  int reps = atoi(argv[3]);
  std::vector<double> t, cpu;
  double checksum = 0;
  for (int r = -2; r < reps; r++)
  {
    timespec c0, c1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    auto t0 = std::chrono::steady_clock::now();
    auto io = itk::ImageIOFactory::CreateImageIO(argv[2], itk::ImageIOFactory::FileModeEnum::ReadMode);
    io->SetFileName(argv[2]);
    io->ReadImageInformation();
    unsigned nd = io->GetNumberOfDimensions();
    itk::ImageIORegion region(nd);
    for (unsigned a = 0; a < nd; a++) { region.SetIndex(a, 0); region.SetSize(a, io->GetDimensions(a)); }
    io->SetIORegion(region);
    std::vector<char> buf(io->GetImageSizeInBytes());
    io->Read(buf.data());
    checksum += buf[buf.size() / 2];
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    double cms = (c1.tv_sec - c0.tv_sec) * 1e3 + (c1.tv_nsec - c0.tv_nsec) / 1e6;
    if (r >= 0) { t.push_back(ms); cpu.push_back(cms); }
  }
  std::sort(t.begin(), t.end());
  std::sort(cpu.begin(), cpu.end());
  printf("itk read %.1f %.1f\n", t[t.size() / 2], cpu[cpu.size() / 2]);
  if (checksum == 1e300) printf("\n");
  return 0;
}

int main(int argc, char ** argv)
{
  if (argc >= 4 && !strcmp(argv[1], "dump")) return dump(argv);
  if (argc >= 4 && !strcmp(argv[1], "time")) return timeRead(argv);
  if (argc < 24 || strcmp(argv[1], "make")) { fprintf(stderr, "usage: see the comment at the top\n"); return 2; }
  std::string t = argv[3];
  if (t == "char") return makeDims<signed char>(argc, argv);
  if (t == "uchar") return makeDims<unsigned char>(argc, argv);
  if (t == "short") return makeDims<short>(argc, argv);
  if (t == "ushort") return makeDims<unsigned short>(argc, argv);
  if (t == "int") return makeDims<int>(argc, argv);
  if (t == "uint") return makeDims<unsigned int>(argc, argv);
  if (t == "longlong") return makeDims<long long>(argc, argv);
  if (t == "ulonglong") return makeDims<unsigned long long>(argc, argv);
  if (t == "float") return makeDims<float>(argc, argv);
  if (t == "double") return makeDims<double>(argc, argv);
  fprintf(stderr, "unknown type %s\n", argv[3]);
  return 2;
}
